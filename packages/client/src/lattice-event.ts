/**
 * A lattice CloudEvent as the client hands it out: the protocol's CloudEvent envelope with `data` always an
 * object (`{}` when absent) and `name`, the short event name (`component_scaled`).
 */
import { type CloudEvent, EVENT_TYPE_PREFIX, eventName, parseEvent } from '@trellis/protocol';

export { EVENT_TYPE_PREFIX };

export type LatticeEvent<D = Record<string, unknown>> = Omit<CloudEvent<D>, 'data'> & {
  name: string;
  data: D;
};

/** `component_scaled` or `com.wasmcloud.lattice.component_scaled` -> `component_scaled`. */
export const shortEventName = eventName;

/** Parses one event message; throws `ProtocolError('malformed')` when it is not a CloudEvent 1.0. */
export function parseLatticeEvent(bytes: Uint8Array): LatticeEvent {
  const event = parseEvent(bytes);
  const data =
    typeof event.data === 'object' && event.data !== null && !Array.isArray(event.data)
      ? (event.data as Record<string, unknown>)
      : {};
  return { ...event, data };
}
