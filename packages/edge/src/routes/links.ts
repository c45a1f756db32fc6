/** Links: list, put (a whole `Link`), delete (by source, name, namespace and package). */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { DeleteInterfaceLinkDefinitionRequest, Link, LinkList } from '@trellis/protocol';
import { type AppEnv, commandErrors, commonErrors, json, jsonBody, withClient } from '../context.ts';
import { AckResult, LatticeParams } from '../schemas.ts';

const tags = ['links'];
const path = '/v1/lattices/{lattice}/links';

const list = createRoute({
  method: 'get',
  path,
  tags,
  summary: 'Every link in the lattice',
  request: { params: LatticeParams },
  responses: { 200: json(LinkList, 'the links'), ...commonErrors },
});

const put = createRoute({
  method: 'put',
  path,
  tags,
  summary: 'Put a link (the host checks configs and conflicts)',
  request: {
    params: LatticeParams,
    body: jsonBody(Link),
  },
  responses: { 200: json(AckResult, 'link stored'), ...commandErrors },
});

const remove = createRoute({
  method: 'delete',
  path,
  tags,
  summary: 'Delete a link (idempotent)',
  request: {
    params: LatticeParams,
    body: jsonBody(DeleteInterfaceLinkDefinitionRequest),
  },
  responses: { 200: json(AckResult, 'link deleted'), ...commandErrors },
});

export function registerLinks(app: OpenAPIHono<AppEnv>): void {
  app.openapi(list, async (c) => {
    const { lattice } = c.req.valid('param');
    return c.json(await withClient(c, lattice, (client) => client.getLinks()), 200);
  });
  app.openapi(put, async (c) => {
    const { lattice } = c.req.valid('param');
    const link = c.req.valid('json');
    const ack = await withClient(c, lattice, (client) => client.putLink(link));
    return c.json({ accepted: true as const, message: ack.message }, 200);
  });
  app.openapi(remove, async (c) => {
    const { lattice } = c.req.valid('param');
    const body = c.req.valid('json');
    const ack = await withClient(c, lattice, (client) => client.deleteLink(body));
    return c.json({ accepted: true as const, message: ack.message }, 200);
  });
}
