/**
 * The events hub in real workerd (`wrangler dev`): several WebSocket and SSE clients of one lattice's
 * `LatticeHub`, per-client filters, keepalives, a slow client dropped without holding up the others, the NATS
 * subscription closed when the last client leaves, and a nats-server restart ridden through.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { type NatsServer, startNatsServer } from '@trellis/infra/nats';
import { eventSubject } from '@trellis/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  READ_TOKEN,
  SseClient,
  stalledWebSocket,
  startTestEdge,
  type TestEdge,
  WsClient,
} from './harness.ts';

let nats: NatsServer;
let edge: TestEdge;
let pub: NatsConnection;

beforeAll(async () => {
  nats = await startNatsServer();
  edge = await startTestEdge(nats.wsUrl, {
    via: 'cli',
    vars: { CLIENT_BUFFER_BYTES: String(1024 * 1024), SSE_KEEPALIVE_SECONDS: '1' },
  });
  pub = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
});

afterAll(async () => {
  await pub?.close();
  await edge?.stop();
  await nats?.stop();
});

const wsUrl = (lattice: string, query = '') =>
  `${edge.url.replace(/^http/, 'ws')}/v1/lattices/${lattice}/events?access_token=${READ_TOKEN}${query}`;
const sseUrl = (lattice: string, query = '') => `${edge.url}/v1/lattices/${lattice}/events${query}`;

function publish(lattice: string, type: string, id: string, data: Record<string, unknown> = {}): void {
  const event = {
    specversion: '1.0',
    id,
    type: `com.wasmcloud.lattice.${type}`,
    source: 'NTESTHOST',
    datacontenttype: 'application/json',
    data,
  };
  pub.publish(eventSubject(lattice, type), JSON.stringify(event));
}

const isReady = (frame: string) => JSON.parse(frame).trellis === 'ready';
const idOf = (frame: string) => JSON.parse(frame).id as string | undefined;

async function hubConnections(lattice: string): Promise<number> {
  const response = await fetch(`${nats.monitorUrl}/connz?limit=1024`);
  const body = (await response.json()) as { connections?: Array<{ name?: string }> };
  return (body.connections ?? []).filter((c) => c.name === `trellis-edge-hub-${lattice}`).length;
}

async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('GET /events', () => {
  it('needs a token and an SSE Accept header or a WebSocket upgrade', async () => {
    expect((await edge.api('/v1/lattices/x/events', { token: null })).status).toBe(401);
    expect((await edge.api('/v1/lattices/x/events', { token: 'wrong' })).status).toBe(401);
    const plain = await edge.api('/v1/lattices/x/events', { token: READ_TOKEN });
    expect(plain.status).toBe(400);
    expect(((await plain.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
  });

  it('fans every event out to several WebSocket and SSE clients, each with its own filter', async () => {
    const lattice = 'fanout';
    const all = await WsClient.open(wsUrl(lattice));
    const scaledOnly = await WsClient.open(wsUrl(lattice, '&types=component_scaled'));
    const sseAll = await SseClient.open(sseUrl(lattice), READ_TOKEN);
    const sseLinks = await SseClient.open(
      sseUrl(lattice, '?types=com.wasmcloud.lattice.linkdef_set'),
      READ_TOKEN,
    );
    await all.next(isReady);
    await scaledOnly.next(isReady);
    await sseAll.next((m) => m.event === 'ready');
    await sseLinks.next((m) => m.event === 'ready');

    publish(lattice, 'component_scaled', 'e1', { component_id: 'c' });
    publish(lattice, 'linkdef_set', 'e2');
    publish(lattice, 'host_heartbeat', 'e3');
    publish(lattice, 'component_scaled', 'e4');
    publish('other', 'component_scaled', 'elsewhere');

    const seen = async (client: WsClient, n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push(idOf(await client.next((f) => idOf(f) !== undefined)) as string);
      return ids;
    };
    expect(await seen(all, 4)).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(await seen(scaledOnly, 2)).toEqual(['e1', 'e4']);
    const sseIds = [];
    for (let i = 0; i < 4; i++) {
      const message = await sseAll.next((m) => !['ready', 'nats'].includes(m.event));
      sseIds.push([message.event, JSON.parse(message.data).id]);
    }
    expect(sseIds).toEqual([
      ['component_scaled', 'e1'],
      ['linkdef_set', 'e2'],
      ['host_heartbeat', 'e3'],
      ['component_scaled', 'e4'],
    ]);
    const link = await sseLinks.next((m) => m.event !== 'ready');
    expect([link.event, JSON.parse(link.data).id]).toEqual(['linkdef_set', 'e2']);
    await sseLinks.next(() => false, 1500).catch(() => undefined);
    expect(sseLinks.messages.filter((m) => m.event !== 'ready')).toHaveLength(1);
    expect(sseLinks.comments).toContain('keepalive');
    expect(all.frames.some((f) => f.includes('elsewhere'))).toBe(false);

    all.close();
    scaledOnly.close();
    sseAll.close();
    sseLinks.close();
  });

  it('closes its NATS subscription when the last client leaves', async () => {
    const lattice = 'leaving';
    const ws = await WsClient.open(wsUrl(lattice));
    const sse = await SseClient.open(sseUrl(lattice), READ_TOKEN);
    await ws.next(isReady);
    expect(await hubConnections(lattice)).toBe(1);
    ws.close();
    publish(lattice, 'host_heartbeat', 'still-there');
    expect(JSON.parse((await sse.next((m) => m.event === 'host_heartbeat')).data).id).toBe('still-there');
    expect(await hubConnections(lattice)).toBe(1);
    sse.close();
    await until(async () => (await hubConnections(lattice)) === 0);
  });

  it('drops a client that stops reading, with the reason, and keeps serving the others', async () => {
    const lattice = 'slow';
    const fast = await WsClient.open(wsUrl(lattice));
    await fast.next(isReady);
    const slow = await stalledWebSocket(wsUrl(lattice));
    const blob = 'x'.repeat(16 * 1024);
    const count = 1500; // ~24 MiB: more than the kernel and proxy buffers between the hub and the stalled socket
    for (let i = 0; i < count; i++) {
      publish(lattice, 'host_heartbeat', `h${i}`, { blob });
      if (i % 10 === 9) {
        await pub.flush();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    await pub.flush();
    await fast
      .next((f) => idOf(f) === `h${count - 1}`, 60_000)
      .catch((error) => {
        throw new Error(`fast client got ${fast.frames.length} frames: ${error}`);
      });
    expect(fast.frames.filter((f) => idOf(f)?.startsWith('h')).length).toBe(count);
    expect(fast.closeEvent).toBeUndefined();
    const received = await slow.drain('bytes waiting');
    // The close frame: opcode 0x88, a length, status 1008 (0x03f0), then the reason.
    const at = received.lastIndexOf(Buffer.from('slow client: more than'));
    expect(at).toBeGreaterThan(0);
    expect([...received.subarray(at - 4, at)]).toEqual([0x88, expect.any(Number), 0x03, 0xf0]);
    expect(received.length).toBeLessThan(count * blob.length);
    slow.socket.destroy();
    fast.close();
  }, 90_000);

  it('rides through a nats-server restart and tells its clients', async () => {
    const lattice = 'restart';
    const ws = await WsClient.open(wsUrl(lattice));
    const sse = await SseClient.open(sseUrl(lattice), READ_TOKEN);
    await ws.next(isReady);
    await sse.next((m) => m.event === 'ready');
    await nats.restart();
    const lost = JSON.parse(await ws.next((f) => JSON.parse(f).trellis === 'nats'));
    expect(lost.status).toBe('disconnected');
    const back = JSON.parse(await ws.next((f) => JSON.parse(f).trellis === 'nats', 30_000));
    expect(back.status).toBe('reconnected');
    await sse.next((m) => m.event === 'nats' && JSON.parse(m.data).status === 'reconnected', 30_000);
    await pub.flush();
    publish(lattice, 'config_set', 'after-restart', { config_name: 'x' });
    expect(idOf(await ws.next((f) => idOf(f) !== undefined))).toBe('after-restart');
    expect(JSON.parse((await sse.next((m) => m.event === 'config_set')).data).id).toBe('after-restart');
    ws.close();
    sse.close();
  }, 60_000);
});
