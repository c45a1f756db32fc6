/**
 * `POST /components/{componentId}/invoke`: calls a component over the lattice's RPC subject with an invocation
 * signed here with `TRELLIS_SIGNING_SEED`. The payload is `payload` (base64 bytes) or `json` (sent as its
 * UTF-8 JSON text); the reply comes back as base64, plus its text and JSON when it is either.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { fromBase64, toBase64 } from '../base64.ts';
import { type AppEnv, commandErrors, json, jsonBody, withClient } from '../context.ts';
import { EdgeError } from '../errors.ts';
import { ComponentParams, InvokeBody, InvokeResult, TimeoutQuery } from '../schemas.ts';

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

const invoke = createRoute({
  method: 'post',
  path: '/v1/lattices/{lattice}/components/{componentId}/invoke',
  tags: ['components'],
  summary: 'Call a component (the invocation is signed at the edge)',
  request: {
    params: ComponentParams,
    query: TimeoutQuery,
    body: jsonBody(InvokeBody),
  },
  responses: { 200: json(InvokeResult, "the component's reply"), ...commandErrors },
});

/** The reply bytes as base64, and as text and JSON where they are. */
export function describeReply(bytes: Uint8Array): { payload: string; text?: string; json?: unknown } {
  const result: { payload: string; text?: string; json?: unknown } = { payload: toBase64(bytes) };
  try {
    result.text = strictDecoder.decode(bytes);
  } catch {
    return result;
  }
  try {
    result.json = JSON.parse(result.text);
  } catch {
    // not JSON
  }
  return result;
}

export function registerInvoke(app: OpenAPIHono<AppEnv>): void {
  app.openapi(invoke, async (c) => {
    const { lattice, componentId } = c.req.valid('param');
    const { timeout_ms } = c.req.valid('query');
    const body = c.req.valid('json');
    const seed = c.get('settings').signingSeed;
    if (seed === '')
      throw new EdgeError('misconfigured', 'TRELLIS_SIGNING_SEED is not set: invocations cannot be signed');
    const payload =
      body.payload !== undefined
        ? fromBase64(body.payload)
        : body.json !== undefined
          ? encoder.encode(JSON.stringify(body.json))
          : new Uint8Array(0);
    const reply = await withClient(
      c,
      lattice,
      (client) =>
        client.callComponent(componentId, body.operation, payload, {
          seed,
          ...(timeout_ms === undefined ? {} : { timeoutMs: timeout_ms }),
        }),
      { timeoutMs: timeout_ms },
    );
    return c.json(describeReply(reply), 200);
  });
}
