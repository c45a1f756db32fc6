/**
 * The edge under `wrangler dev` (real workerd) against a real nats-server and host:
 * 1. `GET /v1/lattices/{lattice}/hosts/{id}` through the edge (a fresh NATS websocket connection per request,
 *    as the Worker must) vs the same `getHostInventory` made directly with the client on a kept TCP connection,
 *    both against the baseline of a bare node:http server answering the same JSON body (the floor of one
 *    HTTP round trip with fetch); p50/p99 of each and the ratios.
 * 2. Event fan-out through the lattice's `LatticeHub` Durable Object to N WebSocket clients: every client
 *    receives every event; delivery lag (publish to receipt, same process clock) p50/p99.
 * Prints its tables; asserts nothing. `node bench/edge.ts` runs both.
 */

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '../infra/ports.ts';
import { startEdgeDev } from '../packages/edge/scripts/wrangler-dev.ts';
import { eventSubject } from '../packages/protocol/src/index.ts';
import { startLatticeFixture } from './lattice-fixture.ts';
import { fmt, measure, report, type Summary, summarize } from './stats.ts';

const TOKEN = 'bench-admin-token';
const LATTICE = 'default';

async function withEdge<T>(
  fn: (url: string, fixture: Awaited<ReturnType<typeof startLatticeFixture>>) => Promise<T>,
) {
  const fixture = await startLatticeFixture({ workers: 1 });
  try {
    const edge = await startEdgeDev({
      natsWsUrl: fixture.nats.wsUrl,
      port: await freePort(),
      vars: {
        TRELLIS_TOKENS: `admin:${TOKEN}`,
        NATS_CREDS: '',
        CLIENT_BUFFER_BYTES: String(8 * 1024 * 1024),
      },
    });
    try {
      return await fn(edge.url, fixture);
    } finally {
      await edge.stop();
    }
  } finally {
    await fixture.close();
  }
}

export interface EdgeInventoryResult {
  bareHttp: Summary;
  direct: Summary;
  edge: Summary;
  /** edge p50 / direct p50 */
  ratioP50: number;
  ratioP99: number;
}

/** GET /hosts/{id} through wrangler dev vs `client.getHostInventory` directly. */
export async function benchEdgeInventory(options: { count?: number; durationMs?: number } = {}) {
  const count = options.count ?? 500;
  const durationMs = options.durationMs ?? 8000;
  return withEdge(async (url, fixture): Promise<EdgeInventoryResult> => {
    const hostId = fixture.host.id;
    const direct = await measure(
      'client direct (TCP, kept connection)',
      () => fixture.client.getHostInventory(hostId),
      {
        count,
        durationMs,
        warmup: 20,
      },
    );
    const target = `${url}/v1/lattices/${LATTICE}/hosts/${hostId}`;
    const bareHttp = await measureBareHttp(JSON.stringify(await fixture.client.getHostInventory(hostId)), {
      count,
      durationMs,
    });
    const edge = await measure(
      'edge GET /hosts/{id} (wrangler dev)',
      async () => {
        const response = await fetch(target, { headers: { authorization: `Bearer ${TOKEN}` } });
        if (response.status !== 200)
          throw new Error(`edge answered ${response.status}: ${await response.text()}`);
        await response.arrayBuffer();
      },
      { count, durationMs, warmup: 20 },
    );
    report('edge: host inventory (baseline: bare node:http with the same body)', [bareHttp, direct, edge]);
    return { bareHttp, direct, edge, ratioP50: edge.p50 / direct.p50, ratioP99: edge.p99 / direct.p99 };
  });
}

/** fetch() against a bare node:http server on loopback answering `body`: the floor of one HTTP round trip. */
async function measureBareHttp(
  body: string,
  limits: { count: number; durationMs: number },
): Promise<Summary> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  try {
    return await measure(
      'bare node:http, same body (fetch)',
      async () => {
        const response = await fetch(target, { headers: { authorization: `Bearer ${TOKEN}` } });
        await response.arrayBuffer();
      },
      { ...limits, warmup: 20 },
    );
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

export interface FanoutResult {
  clients: number;
  events: number;
  lag: Summary;
}

/** Event fan-out to `clients` WebSocket clients for each entry of `clientCounts`; delivery lag per event. */
export async function benchEdgeFanout(options: { clientCounts?: number[]; events?: number } = {}) {
  const clientCounts = options.clientCounts ?? [100, 500];
  const events = options.events ?? 100;
  return withEdge(async (url, fixture) => {
    const results: FanoutResult[] = [];
    for (const [round, clients] of clientCounts.entries()) {
      const lattice = `fanout${round}`;
      const wsUrl = `${url.replace(/^http/, 'ws')}/v1/lattices/${lattice}/events?access_token=${TOKEN}`;
      const lags: number[] = [];
      let received = 0;
      let allIn: () => void = () => {};
      const done = new Promise<void>((resolve) => {
        allIn = resolve;
      });
      const sockets: WebSocket[] = [];
      const ready: Promise<void>[] = [];
      for (let i = 0; i < clients; i++) {
        const ws = new WebSocket(wsUrl);
        sockets.push(ws);
        ready.push(
          new Promise((resolve, reject) => {
            ws.addEventListener('error', () => reject(new Error('WebSocket failed')), { once: true });
            ws.addEventListener('message', (e) => {
              const message = JSON.parse(String(e.data));
              if (message.trellis === 'ready') return resolve();
              if (typeof message.data?.sent !== 'number') return;
              lags.push(performance.now() - message.data.sent);
              if (++received === clients * events) allIn();
            });
          }),
        );
      }
      await Promise.all(ready);
      const start = performance.now();
      for (let i = 0; i < events; i++) {
        const event = {
          specversion: '1.0',
          id: `bench-${i}`,
          type: 'com.wasmcloud.lattice.host_heartbeat',
          source: fixture.host.id,
          data: { sent: performance.now(), seq: i },
        };
        fixture.nc.publish(eventSubject(lattice, 'host_heartbeat'), JSON.stringify(event));
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 60_000))]);
      const lag = summarize(`${clients} WebSocket clients`, lags, performance.now() - start);
      for (const ws of sockets) ws.close();
      results.push({ clients, events, lag });
      console.log(
        `fan-out ${clients} clients x ${events} events: delivered ${received}/${clients * events}, ` +
          `lag p50 ${fmt(lag.p50)} p99 ${fmt(lag.p99)}`,
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return results;
  });
}

if (import.meta.main) {
  await benchEdgeInventory();
  await benchEdgeFanout();
}
