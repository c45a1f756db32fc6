/** Auctions: every ack gathered in the window (`timeout_ms`), possibly none. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  ComponentAuctionAck,
  ComponentAuctionRequest,
  ProviderAuctionAck,
  ProviderAuctionRequest,
} from '@trellis/protocol';
import { type AppEnv, commandErrors, json, jsonBody, withClient } from '../context.ts';
import { LatticeParams, TimeoutQuery } from '../schemas.ts';

const tags = ['auctions'];

const componentAuction = createRoute({
  method: 'post',
  path: '/v1/lattices/{lattice}/auctions/components',
  tags,
  summary: 'Which hosts can run this component (constraints must match host labels)',
  request: {
    params: LatticeParams,
    query: TimeoutQuery,
    body: jsonBody(ComponentAuctionRequest),
  },
  responses: { 200: json(z.array(ComponentAuctionAck), 'every ack in the window'), ...commandErrors },
});

const providerAuction = createRoute({
  method: 'post',
  path: '/v1/lattices/{lattice}/auctions/providers',
  tags,
  summary: 'Which hosts can run this provider',
  request: {
    params: LatticeParams,
    query: TimeoutQuery,
    body: jsonBody(ProviderAuctionRequest),
  },
  responses: { 200: json(z.array(ProviderAuctionAck), 'every ack in the window'), ...commandErrors },
});

export function registerAuctions(app: OpenAPIHono<AppEnv>): void {
  app.openapi(componentAuction, async (c) => {
    const { lattice } = c.req.valid('param');
    const { timeout_ms } = c.req.valid('query');
    const body = c.req.valid('json');
    const acks = await withClient(c, lattice, (client) => client.performComponentAuction(body), {
      timeoutMs: timeout_ms,
    });
    return c.json(acks, 200);
  });
  app.openapi(providerAuction, async (c) => {
    const { lattice } = c.req.valid('param');
    const { timeout_ms } = c.req.valid('query');
    const body = c.req.valid('json');
    const acks = await withClient(c, lattice, (client) => client.performProviderAuction(body), {
      timeoutMs: timeout_ms,
    });
    return c.json(acks, 200);
  });
}
