/**
 * The throw-away nats-server every suite uses (infra/nats/server.ts): loopback listeners for clients, websocket
 * and monitoring, JetStream in a temp directory removed on stop, and a clear refusal when a port is taken.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { startNatsServer } from '@trellis/infra/nats';
import { freePort } from '@trellis/infra/ports';
import { afterEach, describe, expect, it } from 'vitest';

let holder: Server | undefined;
afterEach(() => {
  holder?.close();
  holder = undefined;
});

describe('startNatsServer', () => {
  it('serves JetStream and websocket on loopback, and cleans up its temp store on stop', async () => {
    const nats = await startNatsServer();
    try {
      expect(nats.url).toMatch(/^nats:\/\/127\.0\.0\.1:\d+$/);
      expect(nats.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
      const varz = (await (await fetch(`${nats.monitorUrl}/varz`)).json()) as Record<string, unknown>;
      expect(varz.host).toBe('127.0.0.1');
      expect(varz.port).toBe(nats.port);
      expect((varz.websocket as { port: number }).port).toBe(nats.wsPort);
      const jsz = (await (await fetch(`${nats.monitorUrl}/jsz`)).json()) as Record<string, unknown>;
      expect(jsz.config).toMatchObject({ store_dir: expect.stringContaining(nats.storeDir) });
      expect(existsSync(nats.storeDir)).toBe(true);
    } finally {
      await nats.stop();
    }
    expect(existsSync(nats.storeDir)).toBe(false);
    await expect(fetch(`${nats.monitorUrl}/varz`)).rejects.toThrow();
  });

  it('refuses to start when one of its ports is taken, naming the port', async () => {
    const port = await freePort();
    holder = createServer();
    await new Promise<void>((resolve) => holder?.listen(port, '127.0.0.1', resolve));
    await expect(startNatsServer({ port })).rejects.toThrow(
      `the NATS client port 127.0.0.1:${port} is already in use`,
    );
  });
});
