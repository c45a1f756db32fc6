/**
 * JSON codec for wire types. Encoding writes the bytes wasmCloud 1.9.2 writes for the same value: fields in
 * schema (= Rust struct) order, absent optional fields omitted, `null` where the schema keeps it, BTreeMaps
 * sorted. serde_json and JSON.stringify escape strings identically for valid Unicode, so text matches too.
 * Decoding is tolerant (serde defaults, aliases, unknown fields dropped) and throws only
 * `ProtocolError('malformed')`.
 */
import type { z } from 'zod';
import { ProtocolError } from '../errors.ts';
import { malformedFromZod } from './errors.ts';

/** Largest payload decoded by default: the biggest `max_payload` NATS allows. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

export interface DecodeOptions {
  /** Inputs longer than this are rejected as malformed without parsing. Default 64 MiB. */
  maxBytes?: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Validates `value` against `schema` (applying defaults and order) and returns the canonical JSON bytes. */
export function encodeJson<S extends z.ZodType>(schema: S, value: z.input<S>): Uint8Array {
  return encoder.encode(JSON.stringify(normalize(schema, value)));
}

/** Validates `value` and returns it as `schema` outputs it: fields in wire order, defaults filled in. */
export function normalize<S extends z.ZodType>(schema: S, value: z.input<S>): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw malformedFromZod('cannot encode', result.error);
  return result.data;
}

/** Parses JSON bytes into `schema`'s type; any failure is `ProtocolError('malformed')` naming the field. */
export function decodeJson<S extends z.ZodType>(
  schema: S,
  bytes: Uint8Array | string,
  options: DecodeOptions = {},
): z.output<S> {
  const result = schema.safeParse(parseJson(bytes, options));
  if (!result.success) throw malformedFromZod('malformed JSON payload', result.error);
  return result.data;
}

/** Bytes -> JSON value, with size and UTF-8 checks. */
export function parseJson(bytes: Uint8Array | string, options: DecodeOptions = {}): unknown {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) {
    throw new ProtocolError('malformed', `payload of ${bytes.length} bytes exceeds the limit of ${maxBytes}`);
  }
  let text: string;
  try {
    text = typeof bytes === 'string' ? bytes : decoder.decode(bytes);
  } catch (cause) {
    throw new ProtocolError('malformed', 'payload is not valid UTF-8', { cause });
  }
  if (text.trim() === '') throw new ProtocolError('malformed', 'empty payload where JSON was expected');
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ProtocolError('malformed', `payload is not valid JSON: ${(cause as Error).message}`, { cause });
  }
}
