/**
 * ctl v1 component operations on a real host with real components (the WAT handler built by jco): scale
 * (ack first, events in order), inventory, config delivery, update, scale to zero, claims, faults.
 */
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHandlerComponent, signedVariants } from '@trellis/components';
import { type NatsServer, startNatsServer } from '@trellis/infra/nats';
import { ctlV1Subjects } from '@trellis/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Host, isHostError } from '../src/index.ts';
import { LatticeProbe } from './helpers.ts';

const lattice = 'comptest';
const ctl = ctlV1Subjects(lattice);
const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

let nats: NatsServer;
let host: Host;
let probe: LatticeProbe;
let dir: string;
let wasm: string;
let wasmCopy: string;
let signed: ReturnType<typeof signedVariants>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trellis-host-test-'));
  const bytes = await buildHandlerComponent();
  wasm = join(dir, 'handler.wasm');
  wasmCopy = join(dir, 'handler-v2.wasm');
  await writeFile(wasm, bytes);
  await copyFile(wasm, wasmCopy);
  signed = signedVariants(bytes, { name: 'signed-handler' });
  await writeFile(join(dir, 'signed.wasm'), signed.signed);
  await writeFile(join(dir, 'tampered.wasm'), signed.tampered);
  nats = await startNatsServer();
  probe = await LatticeProbe.connect(nats.url, lattice);
  host = new Host({ natsUrl: nats.url, lattice, workers: 1, cacheDir: join(dir, 'cache') });
  await host.start();
  await probe.waitFor('host_started');
});

afterAll(async () => {
  await host?.stop();
  await probe?.close();
  await nats?.stop();
  await rm(dir, { recursive: true, force: true });
});

const scaled = (id: string, max: number) => (d: Record<string, unknown>) =>
  d.component_id === id && d.max_instances === max;

describe('component.scale', () => {
  it('acks at once, then component_scaled (twice from zero) with the older events between', async () => {
    const mark = probe.mark;
    const reply = await probe.request(ctl.componentScale(host.id), {
      component_ref: wasm,
      component_id: 'echo',
      count: 1,
      annotations: { b: '2', a: '1' },
    });
    expect(reply).toBe('{"success":true,"message":""}');
    await probe.waitFor('component_scaled', scaled('echo', 1), mark);
    await probe.waitFor('components_started', () => true, mark);
    const second = probe.events.slice(mark).filter((e) => e.type === 'component_scaled');
    expect(probe.typesSince(mark)).toEqual([
      'component_scaled',
      'component_started',
      'components_started',
      'component_scaled',
    ]);
    expect(second[0]?.raw.slice(second[0].raw.indexOf('"data"'))).toBe(
      `"data":{"annotations":{"a":"1","b":"2"},"component_id":"echo","host_id":"${host.id}","image_ref":"${wasm}","max_instances":1}}`,
    );
  });

  it('shows in host.get and answers calls in-process', async () => {
    const inventory = await probe.json<{ response: { components: unknown[] } }>(ctl.hostGet(host.id));
    expect(inventory.response.components).toEqual([
      {
        id: 'echo',
        image_ref: wasm,
        annotations: { a: '1', b: '2' },
        revision: 0,
        max_instances: 1,
        limits: null,
      },
    ]);
    expect(str(await host.callActor('echo', 'upper', text('hello')))).toBe('HELLO');
  });

  it('scales a running component up (one component_scaled) and warns when the ref differs', async () => {
    const mark = probe.mark;
    const reply = await probe.json(ctl.componentScale(host.id), {
      component_ref: wasmCopy,
      component_id: 'echo',
      count: 3,
    });
    expect(reply.success).toBe(true);
    expect(reply.message).toContain('already running with a different image reference');
    await probe.waitFor('component_scaled', scaled('echo', 3), mark);
    expect(probe.events.slice(mark).find((e) => e.type === 'component_scaled')?.data.image_ref).toBe(wasm);
    expect(host.actors()[0]?.max_instances).toBe(3);
  });

  it('scale to zero stops it (component_scaled 0), and scaling an absent component to zero still says so', async () => {
    const mark = probe.mark;
    expect(
      await probe.request(ctl.componentScale(host.id), {
        component_ref: wasm,
        component_id: 'echo',
        count: 0,
      }),
    ).toBe('{"success":true,"message":""}');
    await probe.waitFor('component_scaled', scaled('echo', 0), mark);
    await expect(host.callActor('echo', 'echo', text('x'))).rejects.toSatisfy((e) =>
      isHostError(e, 'not_found'),
    );
    expect(probe.typesSince(mark)).toEqual(['component_stopped', 'components_stopped', 'component_scaled']);
    const mark2 = probe.mark;
    await probe.request(ctl.componentScale(host.id), {
      component_ref: 'nothing',
      component_id: 'ghost',
      count: 0,
    });
    const ghost = await probe.waitFor('component_scaled', scaled('ghost', 0), mark2);
    expect(ghost.data.image_ref).toBe('nothing');
  });

  it('a bad reference fails with component_scale_failed (and the older component_start_failed)', async () => {
    const mark = probe.mark;
    await probe.request(ctl.componentScale(host.id), {
      component_ref: join(dir, 'missing.wasm'),
      component_id: 'bad',
      count: 1,
    });
    const failed = await probe.waitFor('component_scale_failed', (d) => d.component_id === 'bad', mark);
    expect(failed.data).toMatchObject({ host_id: host.id, max_instances: 1, annotations: {} });
    expect(String(failed.data.error)).not.toBe('');
    await probe.waitFor('component_start_failed', () => true, mark);
  });
});

describe('config', () => {
  it('names must exist at scale time', async () => {
    const mark = probe.mark;
    await probe.request(ctl.componentScale(host.id), {
      component_ref: wasm,
      component_id: 'cfg',
      count: 1,
      config: ['absent'],
    });
    const failed = await probe.waitFor('component_scale_failed', (d) => d.component_id === 'cfg', mark);
    expect(failed.data.error).toBe('Configuration absent not found in config store');
  });

  it('are delivered, later names overriding earlier, and updated when config changes', async () => {
    await probe.request(ctl.configPut('base'), { lang: 'en', color: 'red' });
    await probe.request(ctl.configPut('over'), { color: 'blue' });
    const mark = probe.mark;
    await probe.request(ctl.componentScale(host.id), {
      component_ref: wasm,
      component_id: 'cfg',
      count: 1,
      config: ['base', 'over'],
    });
    await probe.waitFor('component_scaled', scaled('cfg', 1), mark);
    expect(str(await host.callActor('cfg', 'config', text('lang')))).toBe('en');
    expect(str(await host.callActor('cfg', 'config', text('color')))).toBe('blue');
    await probe.request(ctl.configPut('over'), { color: 'green' });
    await expect.poll(async () => str(await host.callActor('cfg', 'config', text('color')))).toBe('green');
  });
});

describe('component.update', () => {
  it('not running: error; same ref: already updated', async () => {
    expect(
      await probe.request(ctl.componentUpdate(host.id), { component_id: 'ghost', new_component_ref: wasm }),
    ).toBe('{"success":false,"message":"component ghost not found"}');
    expect(
      await probe.request(ctl.componentUpdate(host.id), { component_id: 'cfg', new_component_ref: wasm }),
    ).toBe(`{"success":true,"message":"component cfg already updated to ${wasm}"}`);
  });

  it('updates: scaled for the new ref, then max 0 for the old; inventory shows the new ref', async () => {
    const mark = probe.mark;
    expect(
      await probe.request(ctl.componentUpdate(host.id), { component_id: 'cfg', new_component_ref: wasmCopy }),
    ).toBe(`{"success":true,"message":"component cfg updating from ${wasm} to ${wasmCopy}"}`);
    await probe.waitFor('component_updated', () => true, mark);
    const events = probe.events.slice(mark).filter((e) => e.type === 'component_scaled');
    expect(events.map((e) => [e.data.image_ref, e.data.max_instances])).toEqual([
      [wasmCopy, 1],
      [wasm, 0],
    ]);
    expect(host.actors().find((c) => c.id === 'cfg')?.image_ref).toBe(wasmCopy);
    expect(str(await host.callActor('cfg', 'config', text('color')))).toBe('green');
  });
});

describe('claims', () => {
  it('a signed component carries claims in component_scaled and claims.get', async () => {
    const mark = probe.mark;
    await probe.request(ctl.componentScale(host.id), {
      component_ref: join(dir, 'signed.wasm'),
      component_id: 'signed',
      count: 1,
    });
    const event = await probe.waitFor('component_scaled', scaled('signed', 1), mark);
    expect(event.data.public_key).toBe(signed.componentPublicKey);
    expect(event.data.claims).toMatchObject({ issuer: signed.accountPublicKey, name: 'signed-handler' });
    const claims = await probe.json<{ response: Record<string, string>[] }>(ctl.claimsGet());
    expect(claims.response).toContainEqual(
      expect.objectContaining({
        sub: signed.componentPublicKey,
        subject: signed.componentPublicKey,
        iss: signed.accountPublicKey,
        name: 'signed-handler',
      }),
    );
    expect(host.actors().find((c) => c.id === 'signed')?.name).toBe('signed-handler');
  });

  it('a tampered component fails with component_scale_failed', async () => {
    const mark = probe.mark;
    await probe.request(ctl.componentScale(host.id), {
      component_ref: join(dir, 'tampered.wasm'),
      component_id: 'tampered',
      count: 1,
    });
    const failed = await probe.waitFor('component_scale_failed', (d) => d.component_id === 'tampered', mark);
    expect(String(failed.data.error)).toMatch(/claims/);
    expect(host.actors().some((c) => c.id === 'tampered')).toBe(false);
  });
});

describe('faults', () => {
  it('a trap is an error for that call only; the component keeps answering', async () => {
    await expect(host.callActor('signed', 'trap', text(''))).rejects.toSatisfy((e) =>
      isHostError(e, 'call_failed'),
    );
    expect(str(await host.callActor('signed', 'echo', text('still here')))).toBe('still here');
  });

  it('an endless loop is stopped at max_execution_time; other components notice nothing', async () => {
    const mark = probe.mark;
    await probe.request(ctl.componentScale(host.id), {
      component_ref: wasm,
      component_id: 'looper',
      count: 1,
      component_limits: { max_execution_time: '300' },
    });
    await probe.waitFor('component_scaled', scaled('looper', 1), mark);
    const looping = host.callActor('looper', 'loop', text('')).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(str(await host.callActor('signed', 'upper', text('ok')))).toBe('OK');
    expect(await looping).toSatisfy((e) => isHostError(e, 'call_failed'));
    expect(str(await host.callActor('looper', 'echo', text('back')))).toBe('back');
    const inventory = await probe.json<{ response: { components: { id: string; limits: unknown }[] } }>(
      ctl.hostGet(host.id),
    );
    expect(inventory.response.components.find((c) => c.id === 'looper')?.limits).toEqual({
      max_execution_time: '300',
    });
  });
});
