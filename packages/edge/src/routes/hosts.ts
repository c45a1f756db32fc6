/** Hosts: list (ping), inventory, stop; labels. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { Host, HostInventory } from '@trellis/protocol';
import { type AppEnv, commandErrors, commonErrors, json, jsonBody, withClient } from '../context.ts';
import {
  AckResult,
  HostLabelParams,
  HostParams,
  LabelBody,
  LatticeParams,
  TimeoutQuery,
} from '../schemas.ts';

const tags = ['hosts'];

const listHosts = createRoute({
  method: 'get',
  path: '/v1/lattices/{lattice}/hosts',
  tags,
  summary: 'Every host that answers a ping within the window (`timeout_ms`)',
  request: { params: LatticeParams, query: TimeoutQuery },
  responses: { 200: json(z.array(Host), 'the hosts that answered'), ...commonErrors },
});

const getHost = createRoute({
  method: 'get',
  path: '/v1/lattices/{lattice}/hosts/{hostId}',
  tags,
  summary: "A host's inventory",
  request: { params: HostParams, query: TimeoutQuery },
  responses: { 200: json(HostInventory, 'what runs on the host'), ...commandErrors },
});

const stopHost = createRoute({
  method: 'delete',
  path: '/v1/lattices/{lattice}/hosts/{hostId}',
  tags,
  summary: 'Stop a host',
  request: { params: HostParams, query: TimeoutQuery },
  responses: { 200: json(AckResult, 'the host will stop'), ...commandErrors },
});

const putLabel = createRoute({
  method: 'put',
  path: '/v1/lattices/{lattice}/hosts/{hostId}/labels/{key}',
  tags,
  summary: 'Set a host label',
  request: {
    params: HostLabelParams,
    body: jsonBody(LabelBody),
  },
  responses: { 200: json(AckResult, 'label set'), ...commandErrors },
});

const deleteLabel = createRoute({
  method: 'delete',
  path: '/v1/lattices/{lattice}/hosts/{hostId}/labels/{key}',
  tags,
  summary: 'Remove a host label',
  request: { params: HostLabelParams },
  responses: { 200: json(AckResult, 'label removed'), ...commandErrors },
});

export function registerHosts(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listHosts, async (c) => {
    const { lattice } = c.req.valid('param');
    const { timeout_ms } = c.req.valid('query');
    const hosts = await withClient(c, lattice, (client) => client.getHosts(), { timeoutMs: timeout_ms });
    return c.json(hosts, 200);
  });
  app.openapi(getHost, async (c) => {
    const { lattice, hostId } = c.req.valid('param');
    const { timeout_ms } = c.req.valid('query');
    const inventory = await withClient(c, lattice, (client) => client.getHostInventory(hostId), {
      timeoutMs: timeout_ms,
    });
    return c.json(inventory, 200);
  });
  app.openapi(stopHost, async (c) => {
    const { lattice, hostId } = c.req.valid('param');
    const { timeout_ms } = c.req.valid('query');
    const ack = await withClient(c, lattice, (client) =>
      client.stopHost(hostId, timeout_ms === undefined ? {} : { timeoutMs: timeout_ms }),
    );
    return c.json({ accepted: true as const, message: ack.message }, 200);
  });
  app.openapi(putLabel, async (c) => {
    const { lattice, hostId, key } = c.req.valid('param');
    const { value } = c.req.valid('json');
    const ack = await withClient(c, lattice, (client) => client.putLabel(hostId, key, value));
    return c.json({ accepted: true as const, message: ack.message }, 200);
  });
  app.openapi(deleteLabel, async (c) => {
    const { lattice, hostId, key } = c.req.valid('param');
    const ack = await withClient(c, lattice, (client) => client.deleteLabel(hostId, key));
    return c.json({ accepted: true as const, message: ack.message }, 200);
  });
}
