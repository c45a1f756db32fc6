/** Providers on a host: start (POST) and stop (DELETE). Acknowledgements only. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { type AppEnv, commandErrors, json, jsonBody, withClient } from '../context.ts';
import { AckResult, HostParams, HostProviderParams, StartProviderBody } from '../schemas.ts';

const tags = ['providers'];

const start = createRoute({
  method: 'post',
  path: '/v1/lattices/{lattice}/hosts/{hostId}/providers',
  tags,
  summary: 'Start a capability provider on a host',
  request: {
    params: HostParams,
    body: jsonBody(StartProviderBody),
  },
  responses: { 200: json(AckResult, 'the host received the command'), ...commandErrors },
});

const stop = createRoute({
  method: 'delete',
  path: '/v1/lattices/{lattice}/hosts/{hostId}/providers/{providerId}',
  tags,
  summary: 'Stop a capability provider on a host',
  request: { params: HostProviderParams },
  responses: { 200: json(AckResult, 'the host received the command'), ...commandErrors },
});

export function registerProviders(app: OpenAPIHono<AppEnv>): void {
  app.openapi(start, async (c) => {
    const { lattice, hostId } = c.req.valid('param');
    const body = c.req.valid('json');
    const ack = await withClient(c, lattice, (client) => client.startProvider({ ...body, host_id: hostId }));
    return c.json({ accepted: true as const, message: ack.message }, 200);
  });
  app.openapi(stop, async (c) => {
    const { lattice, hostId, providerId } = c.req.valid('param');
    const ack = await withClient(c, lattice, (client) =>
      client.stopProvider({ host_id: hostId, provider_id: providerId }),
    );
    return c.json({ accepted: true as const, message: ack.message }, 200);
  });
}
