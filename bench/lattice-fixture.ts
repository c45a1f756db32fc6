/**
 * What the NATS benchmarks stand on: a real nats-server on loopback, one embedded Trellis host on it, a
 * control client on its own connection, the tiny WAT component written to a temp file, and a plain nats.js
 * echo responder (the raw request/reply baseline). `close()` stops all of it, in reverse order.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCluster } from '@nats-io/nkeys';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createClient, type LatticeClient } from '@trellis/client';
import { buildHandlerComponent } from '@trellis/components';
import { Host } from '@trellis/host';
import { type NatsServer, startNatsServer } from '@trellis/infra/nats';

/** Subject of the raw echo responder (outside every wasmCloud prefix). */
export const ECHO_SUBJECT = 'trellis-bench.echo';

export interface LatticeFixture {
  nats: NatsServer;
  host: Host;
  client: LatticeClient;
  /** The client's connection (also used for the raw echo requests, so both paths share one socket). */
  nc: NatsConnection;
  /** `file://` reference of the tiny handler component. */
  ref: string;
  /** Cluster seed (`SC…`) signing the client's invocations. */
  seed: string;
  /** One raw NATS request/reply round trip to the echo responder; resolves with the echoed bytes. */
  echo(payload: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface LatticeFixtureOptions {
  /** Host worker threads. Default: the host's default (one per core). */
  workers?: number;
  /** Reply timeout of the client and the echo requests, in ms. Default 10 000. */
  timeoutMs?: number;
}

export async function startLatticeFixture(options: LatticeFixtureOptions = {}): Promise<LatticeFixture> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  };
  try {
    const dir = await mkdtemp(join(tmpdir(), 'trellis-bench-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'handler.wasm');
    await writeFile(file, await buildHandlerComponent());

    const nats = await startNatsServer();
    cleanups.push(() => nats.stop());

    const responder = await connect({ servers: nats.url });
    cleanups.push(() => responder.close());
    responder.subscribe(ECHO_SUBJECT, {
      callback: (_error, msg) => {
        msg.respond(msg.data);
      },
    });
    await responder.flush();

    const host = new Host({ natsUrl: nats.url, workers: options.workers, cacheDir: join(dir, 'cache') });
    await host.start();
    cleanups.push(() => host.stop());

    const nc = await connect({ servers: nats.url });
    cleanups.push(() => nc.close());
    const client = createClient(nc, { timeoutMs });
    const seed = new TextDecoder().decode(createCluster().getSeed());
    const echo = async (payload: Uint8Array) =>
      (await nc.request(ECHO_SUBJECT, payload, { timeout: timeoutMs })).data;
    return { nats, host, client, nc, ref: pathToFileURL(file).href, seed, echo, close };
  } catch (error) {
    await close();
    throw error;
  }
}
