/** The seed 003 client against a real nats-server and host, in both encodings. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { buildHandlerComponent } from '@trellis/components';
import { Host } from '@trellis/host';
import { type NatsServer, startNatsServer } from '@trellis/infra/nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostRefusedError } from './errors.ts';
import { createClient } from './lattice-client.ts';
import { createLegacyClient } from './legacy-client.ts';

let nats: NatsServer;
let nc: NatsConnection;
let host: Host;
let dir: string;
let bytes: Uint8Array;
/** A file of the handler per encoding, so each round's auction sees a ref no host runs yet. */
async function refFor(encoding: string): Promise<string> {
  const file = join(dir, `handler-${encoding}.wasm`);
  await writeFile(file, bytes);
  return pathToFileURL(file).href;
}

beforeAll(async () => {
  nats = await startNatsServer();
  dir = await mkdtemp(join(tmpdir(), 'trellis-legacy-'));
  bytes = await buildHandlerComponent();
  host = new Host({ natsUrl: nats.url, workers: 1, cacheDir: join(dir, 'cache') });
  await host.start();
  nc = await connect({ servers: nats.url });
});

afterAll(async () => {
  await host?.stop().catch(() => {});
  await nc?.close();
  await nats?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each(['json', 'msgpack'] as const)('legacy client (%s)', (encoding) => {
  it('pings hosts and holds an actor auction', async () => {
    const client = createLegacyClient(nc, { encoding, auctionTimeoutMs: 500 });
    const hosts = await client.getHosts({ expect: 1 });
    expect(hosts.map((h) => h.id)).toEqual([host.id]);
    const acks = await client.performActorAuction({ actor_ref: await refFor(encoding), constraints: {} });
    expect(acks.map((a) => a.host_id)).toEqual([host.id]);
  });

  it('scales an actor, sees it in the inventory, and puts and deletes a link definition', async () => {
    const client = createLegacyClient(nc, { encoding });
    const ref = await refFor(encoding);
    const id = `legacy-actor-${encoding}`;
    const scaled = createClient(nc).waitFor('component_scaled', (e) => e.data.component_id === id, {
      timeoutMs: 20_000,
    });
    await client.scaleActor({ host_id: host.id, actor_id: id, actor_ref: ref, count: 1 });
    expect((await scaled).data).toMatchObject({ image_ref: ref, max_instances: 1, host_id: host.id });
    const inventory = await client.getHostInventory(host.id);
    expect(inventory.actors.map((a) => a.id)).toContain(id);
    await client.putLink({
      actor_id: id,
      provider_id: 'VPROVIDER',
      contract_id: 'wasmcloud:keyvalue',
      values: { a: '1' },
    });
    expect((await client.getLinks()).map((l) => l.actor_id)).toContain(id);
    await client.deleteLink({ actor_id: id, contract_id: 'wasmcloud:keyvalue' });
    expect((await client.getLinks()).map((l) => l.actor_id)).not.toContain(id);
  });

  it('throws HostRefusedError on accepted:false', async () => {
    const client = createLegacyClient(nc, { encoding });
    const error = await client
      .startProvider({ host_id: host.id, provider_ref: 'ghcr.io/x/p:1', link_name: 'default' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostRefusedError);
    expect((error as HostRefusedError).hostMessage).not.toBe('');
  });
});
