/**
 * `GET /events`: the lattice's live events from its `LatticeHub` Durable Object, as SSE
 * (`Accept: text/event-stream`) or over a WebSocket upgrade; `?types=a,b` keeps only those types.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { type AppEnv, commonErrors } from '../context.ts';
import { EdgeError } from '../errors.ts';
import { LATTICE_HEADER } from '../hub/lattice-hub.ts';
import { EventsQuery, LatticeParams } from '../schemas.ts';

const events = createRoute({
  method: 'get',
  path: '/v1/lattices/{lattice}/events',
  tags: ['events'],
  summary: 'Live lattice events: SSE (Accept: text/event-stream) or WebSocket (Upgrade: websocket)',
  description:
    'SSE: `event: <type>` with the CloudEvent JSON as data; `event: ready` once the subscription is live; ' +
    '`event: nats` on NATS disconnects and reconnects; `event: dropped` (then the end) for a client that fell ' +
    'behind; `: keepalive` comments. WebSocket: one CloudEvent JSON per text frame, hub notices ' +
    '`{"trellis":"ready"|"nats",…}`, close 1008 for a client that fell behind.',
  request: { params: LatticeParams, query: EventsQuery },
  responses: {
    101: { description: 'WebSocket upgrade' },
    200: { description: 'an SSE stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
    406: { description: 'neither an SSE Accept header nor a WebSocket upgrade' },
    ...commonErrors,
  },
});

export function registerEvents(app: OpenAPIHono<AppEnv>): void {
  app.openapi(events, async (c) => {
    const { lattice } = c.req.valid('param');
    const upgrade = c.req.header('upgrade')?.toLowerCase() === 'websocket';
    const sse = (c.req.header('accept') ?? '').includes('text/event-stream');
    if (!upgrade && !sse) {
      throw new EdgeError('invalid_request', 'ask for Accept: text/event-stream or a WebSocket upgrade');
    }
    const hub = c.env.LATTICE_HUB.get(c.env.LATTICE_HUB.idFromName(lattice));
    const forwarded = new Request(c.req.raw.url, c.req.raw);
    forwarded.headers.set(LATTICE_HEADER, lattice);
    forwarded.headers.delete('authorization');
    // The hub's answer (an SSE stream or a 101) goes back as it is.
    return (await hub.fetch(forwarded)) as unknown as Response as never;
  });
}
