/**
 * The 0.x RPC envelope (§3.5): msgpack maps with named fields in struct order, `msg` as msgpack bin. Decoding
 * is tolerant (missing fields take serde's defaults, `msg` may also arrive as an array of byte values) and any
 * failure is `ProtocolError('malformed')`.
 */
import { z } from 'zod';
import type { DecodeOptions } from '../codec/json.ts';
import { decodeMsgpack, encodeMsgpack } from '../codec/msgpack.ts';
import { u64, wireObject } from '../codec/wire.ts';
import { wasmCloudEntitySchema } from './entity.ts';

/** msgpack bin as a Uint8Array; an array of byte values (serde without `serde_bytes`) is accepted too. */
const bin = () =>
  z.preprocess(
    (value) =>
      Array.isArray(value) && value.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)
        ? Uint8Array.from(value)
        : value,
    z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected bytes'),
  );

const traceContext = () => z.record(z.string(), z.string());

export const invocationSchema = wireObject({
  origin: wasmCloudEntitySchema,
  target: wasmCloudEntitySchema,
  operation: z.string(),
  msg: bin().default(() => new Uint8Array(0)),
  id: z.string(),
  encoded_claims: z.string(),
  host_id: z.string(),
  content_length: u64().optional(),
  traceContext: traceContext().optional(),
});

export const invocationResponseSchema = wireObject({
  msg: bin().default(() => new Uint8Array(0)),
  invocation_id: z.string(),
  error: z.string().optional(),
  content_length: u64().optional(),
  traceContext: traceContext().optional(),
});

export type Invocation = z.output<typeof invocationSchema>;
export type InvocationResponse = z.output<typeof invocationResponseSchema>;

/** The msgpack bytes of an invocation (fields in weld's order, absent optionals omitted). */
export function encodeInvocation(invocation: z.input<typeof invocationSchema>): Uint8Array {
  return encodeMsgpack(invocationSchema, invocation);
}

export function decodeInvocation(bytes: Uint8Array, options?: DecodeOptions): Invocation {
  return decodeMsgpack(invocationSchema, bytes, options);
}

export function encodeInvocationResponse(response: z.input<typeof invocationResponseSchema>): Uint8Array {
  return encodeMsgpack(invocationResponseSchema, response);
}

export function decodeInvocationResponse(bytes: Uint8Array, options?: DecodeOptions): InvocationResponse {
  return decodeMsgpack(invocationResponseSchema, bytes, options);
}
