/** Request bodies -> typed values, with the error message naming what failed (1.x: anyhow context + cause). */
import { decodeJson } from '@trellis/protocol';
import type { z } from 'zod';
import { HostError, messageOf } from '../errors.ts';

/** Decodes `bytes` as JSON of `schema`; throws `HostError('malformed')` "failed to deserialize {what}: …". */
export function decodeBody<S extends z.ZodType>(schema: S, bytes: Uint8Array, what: string): z.output<S> {
  try {
    return decodeJson(schema, bytes);
  } catch (cause) {
    throw new HostError('malformed', `failed to deserialize ${what}: ${messageOf(cause)}`, { cause });
  }
}

/** True for an empty body or one of only whitespace. */
export function isEmptyBody(bytes: Uint8Array): boolean {
  for (const byte of bytes)
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return false;
  return true;
}
