import { decodeLegacy } from '@trellis/protocol';
import type { z } from 'zod';
import { HostError, messageOf } from '../errors.ts';

/** Decodes a 0.x body (JSON or msgpack); throws `HostError('malformed')` naming what failed. */
export function decodeRequest<S extends z.ZodType>(schema: S, bytes: Uint8Array, what: string): z.output<S> {
  try {
    return decodeLegacy(schema, bytes).value;
  } catch (cause) {
    throw new HostError('malformed', `Invalid ${what}: ${messageOf(cause)}`, { cause });
  }
}
