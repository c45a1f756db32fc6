/**
 * Per-client event type filters. `?types=component_scaled,host_heartbeat` keeps only those types; the full
 * CloudEvent type (`com.wasmcloud.lattice.component_scaled`) is accepted too. No filter passes everything.
 */

const CLOUDEVENT_TYPE_PREFIX = 'com.wasmcloud.lattice.';

/** The set of short event types in `text`, or `undefined` (everything) when it names none. */
export function parseTypes(text: string | null | undefined): string[] | undefined {
  const types = (text ?? '')
    .split(',')
    .map((t) => t.trim())
    .map((t) => (t.startsWith(CLOUDEVENT_TYPE_PREFIX) ? t.slice(CLOUDEVENT_TYPE_PREFIX.length) : t))
    .filter((t) => t !== '');
  return types.length === 0 ? undefined : [...new Set(types)];
}

/** Whether an event of short type `type` passes `filter`. */
export function passes(filter: readonly string[] | undefined, type: string): boolean {
  return filter === undefined || filter.includes(type);
}
