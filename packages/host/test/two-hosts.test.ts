/**
 * Two hosts on one lattice: both answer pings and auctions, links and config put through either are seen by
 * both, RPC calls spread over every host running the component, forged invocations are refused, and
 * lattice data survives a host restart.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHandlerComponent } from '@trellis/components';
import { type NatsServer, startNatsServer } from '@trellis/infra/nats';
import {
  createKey,
  ctlV1Subjects,
  decodeInvocationResponse,
  encodeInvocation,
  rpcEventSubject,
  rpcSubject,
  signInvocation,
} from '@trellis/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Host } from '../src/index.ts';
import { LatticeProbe } from './helpers.ts';

const lattice = 'pair';
const ctl = ctlV1Subjects(lattice);
let nats: NatsServer;
let a: Host;
let b: Host;
let probe: LatticeProbe;
let dir: string;
let wasm: string;
const cluster = createKey('cluster');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trellis-pair-test-'));
  wasm = join(dir, 'echo.wasm');
  await writeFile(wasm, await buildHandlerComponent());
  nats = await startNatsServer();
  probe = await LatticeProbe.connect(nats.url, lattice);
  const common = {
    natsUrl: nats.url,
    lattice,
    workers: 1,
    cacheDir: join(dir, 'cache'),
    clusterIssuers: [cluster.publicKey],
  };
  a = new Host({ ...common, labels: { side: 'a' } });
  b = new Host({ ...common, labels: { side: 'b' } });
  await Promise.all([a.start(), b.start()]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await probe?.close();
  await nats?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('two hosts', () => {
  it('both answer ping and a constraint-free auction; constraints pick one', async () => {
    const pings = (await probe.gather(ctl.hostPing(), '', 400)).map((r) => JSON.parse(r).response.id);
    expect(pings.sort()).toEqual([a.id, b.id].sort());
    const all = await probe.gather(ctl.componentAuction(), { component_id: 'x', constraints: {} }, 400);
    expect(all.map((r) => JSON.parse(r).response.host_id).sort()).toEqual([a.id, b.id].sort());
    const one = await probe.gather(
      ctl.componentAuction(),
      { component_id: 'x', constraints: { side: 'b' } },
      400,
    );
    expect(one.map((r) => JSON.parse(r).response.host_id)).toEqual([b.id]);
  });

  it('a link put through one host is seen by the other; exactly one host answers link.put', async () => {
    const link = {
      source_id: 'echo',
      target: 'kv',
      wit_namespace: 'wasi',
      wit_package: 'keyvalue',
      interfaces: ['store'],
    };
    const replies = await probe.gather(ctl.linkPut(), link, 400);
    expect(replies).toEqual(['{"success":true,"message":"successfully set link"}']);
    await expect.poll(() => a.linkDefinitions().length).toBe(1);
    await expect.poll(() => b.linkDefinitions().length).toBe(1);
    expect(b.linkDefinitions()[0]).toMatchObject({ ...link, name: 'default' });
  });

  it('config put through the lattice is readable on both hosts', async () => {
    await probe.request(ctl.configPut('shared'), { k: 'v' });
    expect(await a.getConfig('shared')).toEqual({ k: 'v' });
    expect(await b.getConfig('shared')).toEqual({ k: 'v' });
  });

  it('RPC calls spread over both hosts running the component', async () => {
    const mark = probe.mark;
    for (const host of [a, b]) {
      await probe.request(ctl.componentScale(host.id), {
        component_ref: wasm,
        component_id: 'echo',
        count: 4,
        host_id: host.id, // events carry the command's host_id (1.9.2)
      });
    }
    // Scale-up from zero emits component_scaled twice per host; the second one ends the scale task.
    const done = (id: string) =>
      probe.events.slice(mark).filter((e) => e.type === 'component_scaled' && e.data.host_id === id).length;
    await expect.poll(() => [done(a.id), done(b.id)]).toEqual([2, 2]);
    const served: string[] = [];
    const events = probe.nc.subscribe(rpcEventSubject(lattice), {
      callback: (_e, msg) => {
        served.push(JSON.parse(new TextDecoder().decode(msg.data)).source);
      },
    });
    const calls = Array.from({ length: 40 }, async (_, i) => {
      const invocation = signInvocation({
        origin: { public_key: 'tester', link_name: '', contract_id: '' },
        target: { public_key: 'echo', link_name: '', contract_id: '' },
        operation: 'upper',
        msg: new TextEncoder().encode(`call ${i}`),
        hostId: a.id,
        signingSeed: cluster.seed,
      });
      const reply = await probe.nc.request(rpcSubject(lattice, 'echo'), encodeInvocation(invocation), {
        timeout: 5000,
      });
      const response = decodeInvocationResponse(reply.data);
      expect(response.error).toBeUndefined();
      expect(response.invocation_id).toBe(invocation.id);
      return new TextDecoder().decode(response.msg);
    });
    const results = await Promise.all(calls);
    expect(results).toEqual(Array.from({ length: 40 }, (_, i) => `CALL ${i}`));
    await expect.poll(() => served.length).toBe(40);
    expect(new Set(served)).toEqual(new Set([a.id, b.id]));
    events.unsubscribe();
  });

  it('refuses forged and foreign-signed invocations', async () => {
    const base = {
      origin: { public_key: 'tester', link_name: '', contract_id: '' },
      target: { public_key: 'echo', link_name: '', contract_id: '' },
      operation: 'echo',
      msg: new TextEncoder().encode('original'),
      hostId: a.id,
    };
    const forged = {
      ...signInvocation({ ...base, signingSeed: cluster.seed }),
      msg: new TextEncoder().encode('changed'),
    };
    const foreign = signInvocation({ ...base, signingSeed: createKey('cluster').seed });
    for (const invocation of [forged, foreign]) {
      const reply = await probe.nc.request(rpcSubject(lattice, 'echo'), encodeInvocation(invocation), {
        timeout: 5000,
      });
      const response = decodeInvocationResponse(reply.data);
      expect(response.error).toBeTruthy();
      expect(response.msg.length).toBe(0);
    }
    const garbage = await probe.nc.request(rpcSubject(lattice, 'echo'), new Uint8Array([1, 2, 3]), {
      timeout: 5000,
    });
    expect(decodeInvocationResponse(garbage.data).error).toBeTruthy();
  });

  it('lattice data survives a host restart', async () => {
    await a.stop();
    const again = new Host({ natsUrl: nats.url, lattice, workers: 1, cacheDir: join(dir, 'cache') });
    await again.start();
    try {
      expect(again.linkDefinitions()).toMatchObject([{ source_id: 'echo', target: 'kv' }]);
      expect(await again.getConfig('shared')).toEqual({ k: 'v' });
    } finally {
      await again.stop();
    }
  });
});
