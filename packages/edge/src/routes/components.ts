/**
 * Components on a host: scale (PUT), scale to zero (DELETE), update (POST …/update). With `?wait=true` the
 * answer is the outcome event (`component_scaled`; a `component_scale_failed` or `component_update_failed`
 * is a 422), not the acknowledgement; `timeout_ms` bounds the wait (default 10 s).
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { componentOf, hostOf, type LatticeClient, type LatticeEvent } from '@trellis/client';
import { type AppEnv, commandErrors, json, jsonBody, withClient } from '../context.ts';
import {
  AckResult,
  HostComponentParams,
  OutcomeResult,
  ScaleBody,
  UpdateBody,
  WaitQuery,
} from '../schemas.ts';

const tags = ['components'];
const DEFAULT_WAIT_MS = 10_000;
const ok = json(
  z.union([AckResult, OutcomeResult]),
  'acknowledged (or, with wait=true, confirmed by the event)',
);

const scale = createRoute({
  method: 'put',
  path: '/v1/lattices/{lattice}/hosts/{hostId}/components/{componentId}',
  tags,
  summary: 'Scale a component on a host to `count` instances',
  request: {
    params: HostComponentParams,
    query: WaitQuery,
    body: jsonBody(ScaleBody),
  },
  responses: { 200: ok, ...commandErrors },
});

const stop = createRoute({
  method: 'delete',
  path: '/v1/lattices/{lattice}/hosts/{hostId}/components/{componentId}',
  tags,
  summary: 'Scale a component on a host to zero',
  request: { params: HostComponentParams, query: WaitQuery },
  responses: { 200: ok, ...commandErrors },
});

const update = createRoute({
  method: 'post',
  path: '/v1/lattices/{lattice}/hosts/{hostId}/components/{componentId}/update',
  tags,
  summary: 'Live-update a component to a new reference',
  request: {
    params: HostComponentParams,
    query: WaitQuery,
    body: jsonBody(UpdateBody),
  },
  responses: { 200: ok, ...commandErrors },
});

const FAILURES = ['component_scale_failed', 'component_update_failed'];

/**
 * Sends a command and, when `wait` is set, resolves with the first matching outcome event (subscribed before
 * the command is sent, so it cannot be missed). A failure event throws `OutcomeFailedError` (422).
 */
async function confirmed(
  client: LatticeClient,
  send: () => Promise<{ message: string }>,
  wait: { enabled: boolean; timeoutMs: number; matches: (e: LatticeEvent) => boolean },
) {
  if (!wait.enabled) return { accepted: true as const, message: (await send()).message };
  const { ack, event } = await client.sendAndWait(
    send,
    { success: 'component_scaled', failures: FAILURES, matches: wait.matches },
    { timeoutMs: wait.timeoutMs },
  );
  return {
    accepted: true as const,
    message: ack.message,
    event: event as unknown as Record<string, unknown>,
  };
}

const fromHost = (hostId: string, componentId: string) => (e: LatticeEvent) =>
  componentOf(e) === componentId && hostOf(e) === hostId;

export function registerComponents(app: OpenAPIHono<AppEnv>): void {
  app.openapi(scale, async (c) => {
    const { lattice, hostId, componentId } = c.req.valid('param');
    const { wait, timeout_ms } = c.req.valid('query');
    const body = c.req.valid('json');
    const result = await withClient(c, lattice, (client) =>
      confirmed(
        client,
        () => client.scaleComponent({ ...body, host_id: hostId, component_id: componentId }),
        { enabled: wait, timeoutMs: timeout_ms ?? DEFAULT_WAIT_MS, matches: fromHost(hostId, componentId) },
      ),
    );
    return c.json(result, 200);
  });
  app.openapi(stop, async (c) => {
    const { lattice, hostId, componentId } = c.req.valid('param');
    const { wait, timeout_ms } = c.req.valid('query');
    const result = await withClient(c, lattice, (client) =>
      confirmed(client, () => client.stopComponent({ host_id: hostId, component_id: componentId }), {
        enabled: wait,
        timeoutMs: timeout_ms ?? DEFAULT_WAIT_MS,
        matches: (e) =>
          fromHost(hostId, componentId)(e) && (e.name !== 'component_scaled' || e.data.max_instances === 0),
      }),
    );
    return c.json(result, 200);
  });
  app.openapi(update, async (c) => {
    const { lattice, hostId, componentId } = c.req.valid('param');
    const { wait, timeout_ms } = c.req.valid('query');
    const body = c.req.valid('json');
    const result = await withClient(c, lattice, (client) =>
      confirmed(
        client,
        () => client.updateComponent({ ...body, host_id: hostId, component_id: componentId }),
        {
          enabled: wait,
          timeoutMs: timeout_ms ?? DEFAULT_WAIT_MS,
          matches: (e) =>
            fromHost(hostId, componentId)(e) &&
            (e.name !== 'component_scaled' || e.data.image_ref === body.new_component_ref),
        },
      ),
    );
    return c.json(result, 200);
  });
}
