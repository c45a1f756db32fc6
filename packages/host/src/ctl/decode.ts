/**
 * Request bodies -> typed values. The reply to a body that does not decode is 1.9.2's: the anyhow context
 * alone (`e.to_string()` prints only the outermost context), e.g. "failed to deserialize component scale
 * command"; what exactly failed is kept as the error's `cause` and logged.
 */
import { decodeJson } from '@trellis/protocol';
import type { z } from 'zod';
import { HostError } from '../errors.ts';

/** Decodes `bytes` as JSON of `schema`; throws `HostError('malformed', message)` with the decoder's error as cause. */
export function decodeBody<S extends z.ZodType>(schema: S, bytes: Uint8Array, message: string): z.output<S> {
  try {
    return decodeJson(schema, bytes);
  } catch (cause) {
    throw new HostError('malformed', message, { cause });
  }
}

/** True for a body of zero bytes (1.9.2 takes only that as "no body"; whitespace must decode). */
export function isEmptyBody(bytes: Uint8Array): boolean {
  return bytes.length === 0;
}
