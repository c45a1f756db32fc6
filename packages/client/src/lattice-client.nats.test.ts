/**
 * The client against a real nats-server and a real Trellis host running the tiny handler component.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { buildHandlerComponent } from '@trellis/components';
import { Host } from '@trellis/host';
import { type NatsServer, startNatsServer } from '@trellis/infra/nats';
import { createKey, keyFromSeed } from '@trellis/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostRefusedError, InvocationError, TransportError } from './errors.ts';
import { createClient, type LatticeClient } from './lattice-client.ts';

let nats: NatsServer;
let nc: NatsConnection;
let host: Host;
let client: LatticeClient;
let dir: string;
let ref: string;
const seed = createKey('cluster').seed;

beforeAll(async () => {
  nats = await startNatsServer();
  dir = await mkdtemp(join(tmpdir(), 'trellis-client-'));
  const file = join(dir, 'handler.wasm');
  await writeFile(file, await buildHandlerComponent());
  ref = pathToFileURL(file).href;
  host = new Host({ natsUrl: nats.url, workers: 1, cacheDir: join(dir, 'cache'), labels: { zone: 'test' } });
  await host.start();
  nc = await connect({ servers: nats.url });
  client = createClient(nc, { auctionTimeoutMs: 500 });
});

afterAll(async () => {
  await host?.stop().catch(() => {});
  await nc?.close();
  await nats?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('LatticeClient against a real host', () => {
  it('finds the host by ping, stopping early once the expected count answered', async () => {
    const hosts = await client.getHosts({ expect: 1, timeoutMs: 60_000 });
    expect(hosts).toHaveLength(1);
    expect(hosts[0]).toMatchObject({ id: host.id, lattice: 'default', labels: { zone: 'test' } });
  });

  it('holds a component auction (constraints must match labels)', async () => {
    const acks = await client.performComponentAuction({
      component_ref: ref,
      component_id: 'hello',
      constraints: { zone: 'test' },
    });
    expect(acks.map((a) => a.host_id)).toEqual([host.id]);
    const none = await client.performComponentAuction({
      component_ref: ref,
      component_id: 'hello',
      constraints: { zone: 'mars' },
    });
    expect(none).toEqual([]);
  });

  it('scales and confirms with component_scaled, then calls the component', async () => {
    const { ack, event } = await client.scaleComponentAndWait({
      host_id: host.id,
      component_ref: ref,
      component_id: 'hello',
      count: 1,
    });
    expect(ack.message).toBe('');
    expect(event).toMatchObject({
      name: 'component_scaled',
      source: host.id,
      data: { component_id: 'hello' },
    });
    const inventory = await client.getHostInventory(host.id);
    expect(inventory.components).toMatchObject([{ id: 'hello', image_ref: ref, max_instances: 1 }]);
    const reply = await client.callComponent('hello', 'upper', new TextEncoder().encode('hi'), { seed });
    expect(new TextDecoder().decode(reply)).toBe('HI');
    const signingKey = keyFromSeed(seed);
    const again = await client.callComponent('hello', 'upper', new TextEncoder().encode('ok'), {
      signingKey,
    });
    expect(new TextDecoder().decode(again)).toBe('OK');
    const failed = await client
      .callComponent('hello', 'fail', new TextEncoder().encode('nope'), { seed })
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(InvocationError);
    expect((failed as InvocationError).message).toContain('nope');
  });

  it('reports a failed scale through component_scale_failed', async () => {
    const error = await client
      .scaleComponentAndWait({
        host_id: host.id,
        component_ref: pathToFileURL(join(dir, 'missing.wasm')).href,
        component_id: 'ghost',
        count: 1,
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'OutcomeFailedError', code: 'failed' });
  });

  it('puts, reads and deletes config, with config_set seen on the event stream', async () => {
    await using events = client.events({ types: ['config_set'] });
    await nc.flush();
    await client.putConfig('greeting', { message: 'hello' });
    const event = await events.next();
    expect(event).toMatchObject({ name: 'config_set', data: { config_name: 'greeting' } });
    expect(await client.getConfig('greeting')).toEqual({ message: 'hello' });
    const deleted = client.waitFor('config_deleted', (e) => e.data.config_name === 'greeting', {
      timeoutMs: 10_000,
    });
    await client.deleteConfig('greeting');
    await deleted;
    expect(await client.getConfig('greeting')).toBeUndefined();
  });

  it('puts, lists and deletes links; refuses a link whose config does not exist', async () => {
    const link = {
      source_id: 'hello',
      target: 'kv',
      wit_namespace: 'wasi',
      wit_package: 'keyvalue',
      interfaces: ['store'],
    };
    expect((await client.putLink(link)).message).toBe('successfully set link');
    expect(await client.getLinks()).toMatchObject([{ ...link, name: 'default' }]);
    const refused = await client
      .putLink({ ...link, name: 'other', target_config: ['missing'] })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HostRefusedError);
    expect((refused as HostRefusedError).hostMessage).toContain('missing');
    await client.deleteLink({ source_id: 'hello', wit_namespace: 'wasi', wit_package: 'keyvalue' });
    expect(await client.getLinks()).toEqual([]);
  });

  it('sets labels, refusing hostcore.*', async () => {
    await client.putLabel(host.id, 'team', 'core');
    expect((await client.getHosts({ expect: 1 }))[0]?.labels.team).toBe('core');
    const refused = await client.putLabel(host.id, 'hostcore.os', 'x').catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: 'refused',
      hostMessage: 'hostcore.* labels cannot be set dynamically',
    });
    await client.deleteLabel(host.id, 'team');
    expect((await client.getHosts({ expect: 1 }))[0]?.labels.team).toBeUndefined();
  });

  it('answers claims and takes registry credentials', async () => {
    expect(Array.isArray(await client.getClaims())).toBe(true);
    await expect(
      client.putRegistries({ 'localhost:5000': { username: 'u', password: 'p' } }),
    ).resolves.toBeUndefined();
  });

  it('refuses a provider start (not supported yet) as a host refusal, not a transport failure', async () => {
    const error = await client
      .startProvider({ host_id: host.id, provider_ref: 'ghcr.io/x/p:1', provider_id: 'p' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostRefusedError);
  });

  it('fails with TransportError no_responders for an unknown host, and closed on a closed connection', async () => {
    const unknown = createKey('host').publicKey;
    const error = await client.getHostInventory(unknown).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'no_responders' });
    const other = await connect({ servers: nats.url });
    await other.close();
    const closed = await createClient(other)
      .getLinks()
      .catch((e: unknown) => e);
    expect(closed).toMatchObject({ name: 'TransportError', code: 'closed' });
  });

  it('stopComponent without a reference stops with the running one, so the host adds no warning', async () => {
    await client.scaleComponentAndWait({
      host_id: host.id,
      component_id: 'brief',
      component_ref: ref,
      count: 1,
    });
    const ack = await client.stopComponent({ host_id: host.id, component_id: 'brief' });
    expect(ack).toEqual({ message: '' });
    await expect
      .poll(async () => (await client.getHostInventory(host.id)).components.map((c) => c.id))
      .not.toContain('brief');
  });

  it('stops the component, then the host (confirmed by host_stopped)', async () => {
    const { event } = await client.scaleComponentAndWait({
      host_id: host.id,
      component_id: 'hello',
      component_ref: ref,
      count: 0,
    });
    expect(event.data.max_instances).toBe(0);
    const stopped = client.waitFor('host_stopped', (e) => e.source === host.id, { timeoutMs: 20_000 });
    await client.stopHost(host.id);
    await stopped;
    await host.stopped;
  });
});
