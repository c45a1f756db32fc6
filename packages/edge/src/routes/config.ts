/** Named config: get (404 when absent), put (a string map), delete. Claims: the lattice's claims list. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { ClaimsList, ConfigMap } from '@trellis/protocol';
import { type AppEnv, commandErrors, commonErrors, json, jsonBody, withClient } from '../context.ts';
import { EdgeError } from '../errors.ts';
import { AckResult, ConfigParams, ErrorResult, LatticeParams } from '../schemas.ts';

const path = '/v1/lattices/{lattice}/config/{name}';

const get = createRoute({
  method: 'get',
  path,
  tags: ['config'],
  summary: 'A named config',
  request: { params: ConfigParams },
  responses: {
    200: json(ConfigMap, 'the values'),
    404: json(ErrorResult, 'no such config'),
    ...commonErrors,
  },
});

const put = createRoute({
  method: 'put',
  path,
  tags: ['config'],
  summary: 'Put a named config (string values)',
  request: {
    params: ConfigParams,
    body: jsonBody(ConfigMap),
  },
  responses: { 200: json(AckResult, 'stored'), ...commandErrors },
});

const remove = createRoute({
  method: 'delete',
  path,
  tags: ['config'],
  summary: 'Delete a named config',
  request: { params: ConfigParams },
  responses: { 200: json(AckResult, 'deleted'), ...commandErrors },
});

const claims = createRoute({
  method: 'get',
  path: '/v1/lattices/{lattice}/claims',
  tags: ['claims'],
  summary: 'The claims of every component the lattice has seen',
  request: { params: LatticeParams },
  responses: { 200: json(ClaimsList, 'the claims'), ...commonErrors },
});

export function registerConfig(app: OpenAPIHono<AppEnv>): void {
  app.openapi(get, async (c) => {
    const { lattice, name } = c.req.valid('param');
    const values = await withClient(c, lattice, (client) => client.getConfig(name));
    if (values === undefined) throw new EdgeError('not_found', `no config named '${name}'`);
    return c.json(values, 200);
  });
  app.openapi(put, async (c) => {
    const { lattice, name } = c.req.valid('param');
    const values = c.req.valid('json');
    const ack = await withClient(c, lattice, (client) => client.putConfig(name, values));
    return c.json({ accepted: true as const, message: ack.message }, 200);
  });
  app.openapi(remove, async (c) => {
    const { lattice, name } = c.req.valid('param');
    const ack = await withClient(c, lattice, (client) => client.deleteConfig(name));
    return c.json({ accepted: true as const, message: ack.message }, 200);
  });
  app.openapi(claims, async (c) => {
    const { lattice } = c.req.valid('param');
    return c.json(await withClient(c, lattice, (client) => client.getClaims()), 200);
  });
}
