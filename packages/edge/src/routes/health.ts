/** `GET /healthz` (no auth): whether the edge can reach NATS right now. 200 when it can, 503 when not. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { type AppEnv, json } from '../context.ts';
import { withNats } from '../nats.ts';
import { HealthResult } from '../schemas.ts';

const health = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['health'],
  summary: 'Liveness, and whether NATS is reachable',
  security: [],
  responses: {
    200: json(HealthResult, 'NATS is reachable'),
    503: json(HealthResult, 'NATS is not reachable'),
  },
});

export function registerHealth(app: OpenAPIHono<AppEnv>): void {
  app.openapi(health, async (c) => {
    const { natsWsUrl: url, natsCreds: creds } = c.get('settings');
    try {
      const rtt = await withNats({ url, creds, timeoutMs: 2000 }, (nc) => nc.rtt());
      return c.json({ ok: true, nats: { reachable: true, url, rtt_ms: rtt } }, 200);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return c.json({ ok: false, nats: { reachable: false, url, error: message } }, 503);
    }
  });
}
