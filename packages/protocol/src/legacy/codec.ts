/**
 * The 0.x control plane codec. Seed 003 says msgpack; real 0.x hosts spoke JSON. Requests are accepted in
 * either (told apart by the first byte) and a reply is written in the encoding of its request.
 */
import type { z } from 'zod';
import { type DecodeOptions, decodeJson, encodeJson } from '../codec/json.ts';
import { decodeMsgpack, encodeMsgpack } from '../codec/msgpack.ts';
import { ProtocolError } from '../errors.ts';

export type LegacyEncoding = 'json' | 'msgpack';

export interface LegacyDecoded<T> {
  value: T;
  /** The encoding the payload came in: answer in the same one. */
  encoding: LegacyEncoding;
}

/** `{`, `[` or JSON whitespace first means JSON; anything else is msgpack (a struct is a msgpack map/array). */
export function detectLegacyEncoding(bytes: Uint8Array): LegacyEncoding {
  const first = bytes[0];
  if (first === undefined) throw new ProtocolError('malformed', 'empty payload');
  return first === 0x7b ||
    first === 0x5b ||
    first === 0x20 ||
    first === 0x09 ||
    first === 0x0a ||
    first === 0x0d
    ? 'json'
    : 'msgpack';
}

/** Decodes a 0.x payload in JSON or msgpack; failures are `ProtocolError('malformed')`. */
export function decodeLegacy<S extends z.ZodType>(
  schema: S,
  bytes: Uint8Array,
  options: DecodeOptions = {},
): LegacyDecoded<z.output<S>> {
  const encoding = detectLegacyEncoding(bytes);
  const value =
    encoding === 'json' ? decodeJson(schema, bytes, options) : decodeMsgpack(schema, bytes, options);
  return { value, encoding };
}

/** Encodes a 0.x payload in the given encoding, fields in wire order. */
export function encodeLegacy<S extends z.ZodType>(
  schema: S,
  value: z.input<S>,
  encoding: LegacyEncoding,
): Uint8Array {
  return encoding === 'json' ? encodeJson(schema, value) : encodeMsgpack(schema, value);
}
