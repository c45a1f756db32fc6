/**
 * Components by OCI reference through a real host and a real registry (Debian's docker-registry): the handler
 * component is pushed with `pushComponent`, scaled over ctl v1 by reference and called; a basic-auth registry
 * refuses the pull until ctl `registry.put` gives the host credentials; a reference pulled once starts again
 * with the registry gone (same host after scale 0 -> 1, and a new host on the same cache directory).
 */
import { join } from 'node:path';
import { buildHandlerComponent } from '@trellis/components';
import type { NatsServer } from '@trellis/infra/nats';
import { type RegistryServer, startRegistry } from '@trellis/infra/registry';
import { pushComponent } from '@trellis/oci';
import { ctlV1Subjects } from '@trellis/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Host } from '../src/index.ts';
import { type LatticeProbe, startTestLattice, type TestLattice } from './helpers.ts';

const lattice = 'ocitest';
const ctl = ctlV1Subjects(lattice);
const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);
const auth = { username: 'trellis', password: 's3cret-pass' };

let stop: TestLattice['stop'];
let nats: NatsServer;
let open: RegistryServer;
let locked: RegistryServer;
let tokenLocked: RegistryServer;
let host: Host;
let probe: LatticeProbe;
let dir: string;
let bytes: Uint8Array;
const extraHosts: Host[] = [];

beforeAll(async () => {
  bytes = await buildHandlerComponent();
  let testLattice: TestLattice;
  [testLattice, open, locked, tokenLocked] = await Promise.all([
    startTestLattice(lattice),
    startRegistry(),
    startRegistry({ auth }),
    startRegistry({ auth: { ...auth, mode: 'token' } }),
  ]);
  ({ nats, host, probe, dir, stop } = testLattice);
});

afterAll(async () => {
  for (const extra of extraHosts) await extra.stop();
  await Promise.all([stop?.(), open?.stop(), locked?.stop(), tokenLocked?.stop()]);
});

const scaled = (id: string, max: number) => (d: Record<string, unknown>) =>
  d.component_id === id && d.max_instances === max;

async function scale(target: Host, ref: string, id: string, count: number): Promise<number> {
  const mark = probe.mark;
  const reply = await probe.request(ctl.componentScale(target.id), {
    component_ref: ref,
    component_id: id,
    count,
    host_id: target.id, // events carry the command's host_id (1.9.2)
  });
  expect(reply).toBe('{"success":true,"message":""}');
  return mark;
}

describe('OCI references', () => {
  it('an anonymous registry: scale by reference, then call', async () => {
    const ref = `${open.host}/trellis/handler:0.1.0`;
    await pushComponent(ref, bytes);
    const mark = await scale(host, ref, 'oci-echo', 1);
    const event = await probe.waitFor('component_scaled', scaled('oci-echo', 1), mark);
    expect(event.data.image_ref).toBe(ref);
    expect(host.ociRefs()[ref]).toBe('oci-echo');
    expect(str(await host.callActor('oci-echo', 'upper', text('from oci')))).toBe('FROM OCI');
  });

  it.each([
    ['basic', () => locked],
    ['token', () => tokenLocked],
  ])(
    'a %s-auth registry: component_scale_failed until registry.put gives credentials',
    async (mode, registry) => {
      const { host: server } = registry();
      const ref = `${server}/trellis/handler:0.1.0`;
      const id = `locked-${mode}`;
      await pushComponent(ref, bytes, { credentials: auth });

      const before = await scale(host, ref, id, 1);
      const failed = await probe.waitFor('component_scale_failed', (d) => d.component_id === id, before);
      expect(failed.data).toMatchObject({ host_id: host.id, image_ref: ref, max_instances: 1 });
      expect(String(failed.data.error)).toMatch(/unauthori[sz]ed|401/i);
      await expect(host.callActor(id, 'echo', text('x'))).rejects.toThrow();

      const put = await probe.json(ctl.registryPut(), { [server]: { ...auth, registry_type: 'oci' } });
      expect(put).toEqual({ success: true, message: 'successfully put registries' });

      const after = await scale(host, ref, id, 1);
      await probe.waitFor('component_scaled', scaled(id, 1), after);
      expect(str(await host.callActor(id, 'upper', text('let in')))).toBe('LET IN');
    },
  );

  it('the cache: with the registry stopped, scale 0 -> 1 and a new host on the same cache still start', async () => {
    const ref = `${open.host}/trellis/handler:0.1.0`;
    await open.stop();
    await expect(pushComponent(`${open.host}/trellis/other:1`, bytes)).rejects.toThrow();

    const down = await scale(host, ref, 'oci-echo', 0);
    await probe.waitFor('component_scaled', scaled('oci-echo', 0), down);
    const up = await scale(host, ref, 'oci-echo', 1);
    await probe.waitFor('component_scaled', scaled('oci-echo', 1), up);
    expect(str(await host.callActor('oci-echo', 'upper', text('cached')))).toBe('CACHED');

    const fresh = new Host({ natsUrl: nats.url, lattice, workers: 1, cacheDir: join(dir, 'cache') });
    extraHosts.push(fresh);
    await fresh.start();
    const mark = await scale(fresh, ref, 'fresh-echo', 1);
    await probe.waitFor(
      'component_scaled',
      (d) => scaled('fresh-echo', 1)(d) && d.host_id === fresh.id,
      mark,
    );
    expect(str(await fresh.callActor('fresh-echo', 'upper', text('no network')))).toBe('NO NETWORK');

    // Not a cached reference and no registry: the failure shows the cache was what made the others work.
    const missing = await scale(fresh, `${open.host}/trellis/never-pushed:1`, 'never', 1);
    const failed = await probe.waitFor('component_scale_failed', (d) => d.component_id === 'never', missing);
    expect(String(failed.data.error)).not.toBe('');
  });
});
