/**
 * CloudEvents 1.0 JSON envelopes as the 1.x host writes them: fields in the Rust SDK's serialiser order,
 * `type` = `com.wasmcloud.lattice.{name}`, `source` = host public key, and `data` with object keys sorted at
 * every depth (the host builds data with `json!`, i.e. serde_json without `preserve_order`).
 */
import { z } from 'zod';
import { malformedFromZod } from '../codec/errors.ts';
import { type DecodeOptions, parseJson } from '../codec/json.ts';
import { sortKeys } from '../codec/wire.ts';
import { ProtocolError } from '../errors.ts';
import { newEventId } from './event-id.ts';
import type { EventPayload, LatticeEventData, LatticeEventType } from './types.ts';

export const EVENT_TYPE_PREFIX = 'com.wasmcloud.lattice.';

export interface CloudEvent<D = unknown> {
  specversion: '1.0';
  id: string;
  type: string;
  source: string;
  datacontenttype?: string;
  time?: string;
  data?: D;
}

export type EventInit<T extends LatticeEventType> = EventPayload<T> & {
  /** The emitting host's public key (N…). */
  source: string;
  /** Default: a fresh ULID-as-UUID. */
  id?: string;
  /** Default: now. */
  time?: Date | string;
};

/** Builds an event in serialiser order: specversion, id, type, source, datacontenttype, time, data. */
export function createEvent<T extends LatticeEventType>(init: EventInit<T>): CloudEvent<LatticeEventData[T]> {
  const time = init.time === undefined ? new Date() : init.time;
  return {
    specversion: '1.0',
    id: init.id ?? newEventId(typeof time === 'string' ? Date.parse(time) || Date.now() : time.getTime()),
    type: `${EVENT_TYPE_PREFIX}${init.type}`,
    source: init.source,
    datacontenttype: 'application/json',
    time: typeof time === 'string' ? time : time.toISOString(),
    data: init.data as LatticeEventData[T],
  };
}

const encoder = new TextEncoder();

/** The event's JSON bytes: envelope in serialiser order, `data` keys sorted at every depth. */
export function encodeEvent(event: CloudEvent): Uint8Array {
  const ordered: Record<string, unknown> = {
    specversion: event.specversion,
    id: event.id,
    type: event.type,
    source: event.source,
    datacontenttype: event.datacontenttype,
    time: event.time,
    data: event.data === undefined ? undefined : sortDeep(event.data),
  };
  return encoder.encode(JSON.stringify(ordered));
}

/** A copy of a JSON value with object keys sorted at every depth (arrays keep their order). */
export function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(sortKeys(value as Record<string, unknown>))) {
    if (inner !== undefined) out[key] = sortDeep(inner);
  }
  return out;
}

const Envelope = z.object({
  specversion: z.string(),
  id: z.string(),
  type: z.string(),
  source: z.string(),
  datacontenttype: z.string().optional(),
  time: z.string().optional(),
  data: z.unknown().optional(),
});

/** The event name of a `type`: `com.wasmcloud.lattice.component_scaled` -> `component_scaled`. */
export function eventName(type: string): string {
  return type.startsWith(EVENT_TYPE_PREFIX) ? type.slice(EVENT_TYPE_PREFIX.length) : type;
}

/**
 * Parses an event. Unknown attributes are dropped; `specversion` must be 1.0. With `dataSchema`, `data` is
 * decoded into that type. Failures are `ProtocolError('malformed')`.
 */
export function parseEvent<S extends z.ZodType = z.ZodUnknown>(
  bytes: Uint8Array | string,
  dataSchema?: S,
  options: DecodeOptions = {},
): CloudEvent<z.output<S>> & { name: string } {
  const result = Envelope.safeParse(parseJson(bytes, options));
  if (!result.success) throw malformedFromZod('malformed CloudEvent', result.error);
  const event = result.data;
  if (event.specversion !== '1.0') {
    throw new ProtocolError(
      'malformed',
      `malformed CloudEvent: specversion: unsupported "${event.specversion}"`,
    );
  }
  let data: unknown = event.data;
  if (dataSchema) {
    const parsed = dataSchema.safeParse(data);
    if (!parsed.success) throw malformedFromZod('malformed CloudEvent data', parsed.error);
    data = parsed.data;
  }
  return { ...event, specversion: '1.0', data: data as z.output<S>, name: eventName(event.type) };
}
