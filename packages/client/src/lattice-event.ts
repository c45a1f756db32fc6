/**
 * A lattice CloudEvent as the client hands it out: the CloudEvents 1.0 envelope plus `name`, the short event
 * name from the type (`com.wasmcloud.lattice.component_scaled` -> `component_scaled`).
 */
import { ProtocolError } from '@trellis/protocol';

export const EVENT_TYPE_PREFIX = 'com.wasmcloud.lattice.';

export interface LatticeEvent<D = Record<string, unknown>> {
  specversion: string;
  id: string;
  /** Full CloudEvent type, e.g. `com.wasmcloud.lattice.component_scaled`. */
  type: string;
  /** Short name, e.g. `component_scaled`. */
  name: string;
  /** The emitting host's N… key. */
  source: string;
  time?: string;
  datacontenttype?: string;
  data: D;
}

/** `component_scaled` or `com.wasmcloud.lattice.component_scaled` -> `component_scaled`. */
export function shortEventName(type: string): string {
  return type.startsWith(EVENT_TYPE_PREFIX) ? type.slice(EVENT_TYPE_PREFIX.length) : type;
}

const decoder = new TextDecoder();

/** Parses one event message; throws `ProtocolError('malformed')` when it is not a CloudEvent. */
export function parseLatticeEvent(bytes: Uint8Array): LatticeEvent {
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(bytes));
  } catch (cause) {
    throw new ProtocolError('malformed', 'event is not valid JSON', { cause });
  }
  if (typeof json !== 'object' || json === null)
    throw new ProtocolError('malformed', 'event is not an object');
  const e = json as Record<string, unknown>;
  for (const field of ['specversion', 'id', 'type', 'source'] as const) {
    if (typeof e[field] !== 'string') throw new ProtocolError('malformed', `event without a string ${field}`);
  }
  const data = typeof e.data === 'object' && e.data !== null ? (e.data as Record<string, unknown>) : {};
  const event: LatticeEvent = {
    specversion: e.specversion as string,
    id: e.id as string,
    type: e.type as string,
    name: shortEventName(e.type as string),
    source: e.source as string,
    data,
  };
  if (typeof e.time === 'string') event.time = e.time;
  if (typeof e.datacontenttype === 'string') event.datacontenttype = e.datacontenttype;
  return event;
}
