/**
 * MessagePack with named fields (what rmp-serde's `to_vec_named` writes on the 0.x planes). Decoding is bounded
 * by the input: no container may declare more entries than there are bytes, so hostile lengths fail fast.
 */
import { decode, encode } from '@msgpack/msgpack';
import type { z } from 'zod';
import { ProtocolError } from '../errors.ts';
import { malformedFromZod } from './errors.ts';
import { DEFAULT_MAX_BYTES, type DecodeOptions, normalize } from './json.ts';

/** Validates `value` against `schema` and writes it as a msgpack map in schema field order. */
export function encodeMsgpack<S extends z.ZodType>(schema: S, value: z.input<S>): Uint8Array {
  return encode(normalize(schema, value), { ignoreUndefined: true });
}

/** Parses msgpack bytes into `schema`'s type; any failure is `ProtocolError('malformed')`. */
export function decodeMsgpack<S extends z.ZodType>(
  schema: S,
  bytes: Uint8Array,
  options: DecodeOptions = {},
): z.output<S> {
  const result = schema.safeParse(parseMsgpack(bytes, options));
  if (!result.success) throw malformedFromZod('malformed msgpack payload', result.error);
  return result.data;
}

/** Bytes -> plain value (maps as objects, bin as Uint8Array), with size limits. */
export function parseMsgpack(bytes: Uint8Array, options: DecodeOptions = {}): unknown {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) {
    throw new ProtocolError('malformed', `payload of ${bytes.length} bytes exceeds the limit of ${maxBytes}`);
  }
  if (bytes.length === 0) throw new ProtocolError('malformed', 'empty payload where msgpack was expected');
  const n = bytes.length;
  try {
    return decode(bytes, {
      maxStrLength: n,
      maxBinLength: n,
      maxArrayLength: n,
      maxMapLength: n,
      maxExtLength: n,
    });
  } catch (cause) {
    throw new ProtocolError('malformed', `payload is not valid msgpack: ${(cause as Error).message}`, {
      cause,
    });
  }
}
