/**
 * The ctl v1 reply envelope `{success, message, response?}` (§1.2). A host's refusal is `success: false`:
 * a value, not an exception. Transport failures are the caller's business.
 */
import { z } from 'zod';
import { malformedFromZod } from '../codec/errors.ts';
import { type DecodeOptions, encodeJson, parseJson } from '../codec/json.ts';
import { CtlResponse } from './types.ts';

/** `CtlResponse::ok(x)`: `{"success":true,"message":"","response":x}`. */
export function ctlOk<T>(response: T): CtlResponse<T> {
  return { success: true, message: '', response };
}

/** `CtlResponse::success(msg)`: `{"success":true,"message":msg}`. */
export function ctlSuccess(message: string): CtlResponse<never> {
  return { success: true, message };
}

/** `CtlResponse::error(msg)`: `{"success":false,"message":msg}`. */
export function ctlError(message: string): CtlResponse<never> {
  return { success: false, message };
}

/**
 * The envelope's bytes. With `responseSchema`, `response` is validated and written in canonical field order;
 * without it, `response` is written as given (build it with the type's schema to get wire order).
 */
export function encodeCtlResponse<S extends z.ZodType>(
  resp: CtlResponse<z.input<S>>,
  responseSchema?: S,
): Uint8Array {
  return encodeJson(envelopeOf(responseSchema), resp);
}

/**
 * Reads an envelope; a `null` response reads as absent. With `responseSchema`, `response` (when present) is
 * decoded into that type. Anything else is `ProtocolError('malformed')`.
 */
export function decodeCtlResponse<S extends z.ZodType = z.ZodUnknown>(
  bytes: Uint8Array | string,
  responseSchema?: S,
  options: DecodeOptions = {},
): CtlResponse<z.output<S>> {
  const json = parseJson(bytes, options);
  const input =
    typeof json === 'object' && json !== null && (json as { response?: unknown }).response === null
      ? { ...json, response: undefined }
      : json;
  const result = envelopeOf(responseSchema).safeParse(input);
  if (!result.success) throw malformedFromZod('malformed ctl reply', result.error);
  const { success, message, response } = result.data;
  if (response === undefined) return { success, message };
  return { success, message, response: response as z.output<S> };
}

const untyped = CtlResponse(z.unknown());
type Envelope = typeof untyped;
const cache = new WeakMap<z.ZodType, Envelope>();

/** The envelope schema for a response type, built once per response schema. */
function envelopeOf(responseSchema: z.ZodType | undefined): Envelope {
  if (responseSchema === undefined) return untyped;
  let schema = cache.get(responseSchema);
  if (schema === undefined) {
    schema = CtlResponse(responseSchema) as unknown as Envelope;
    cache.set(responseSchema, schema);
  }
  return schema;
}
