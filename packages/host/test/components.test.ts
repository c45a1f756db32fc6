/**
 * ctl v1 component operations on a real host with real components (the WAT handler built by jco): scale
 * (ack first, events in order), inventory, config delivery, update, scale to zero, claims, faults.
 */
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildHandlerComponent, signedVariants } from '@trellis/components';
import { ctlV1Subjects } from '@trellis/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Host, isHostError } from '../src/index.ts';
import { type LatticeProbe, startTestLattice, type TestLattice } from './helpers.ts';

const lattice = 'comptest';
const ctl = ctlV1Subjects(lattice);
const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

let stop: TestLattice['stop'];
let host: Host;
let probe: LatticeProbe;
let dir: string;
let wasm: string;
let wasmCopy: string;
let signed: ReturnType<typeof signedVariants>;

beforeAll(async () => {
  ({ host, probe, dir, stop } = await startTestLattice(lattice));
  const bytes = await buildHandlerComponent();
  wasm = join(dir, 'handler.wasm');
  wasmCopy = join(dir, 'handler-v2.wasm');
  await writeFile(wasm, bytes);
  await copyFile(wasm, wasmCopy);
  signed = signedVariants(bytes, { name: 'signed-handler' });
  await writeFile(join(dir, 'signed.wasm'), signed.signed);
  await writeFile(join(dir, 'tampered.wasm'), signed.tampered);
});

afterAll(() => stop?.());

const scaled = (id: string, max: number) => (d: Record<string, unknown>) =>
  d.component_id === id && d.max_instances === max;

describe('component.scale', () => {
  it('acks at once, then component_scaled (twice from zero) with the older events between', async () => {
    const mark = probe.mark;
    const reply = await probe.request(ctl.componentScale(host.id), {
      component_ref: wasm,
      component_id: 'echo',
      count: 1,
      host_id: host.id,
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
    expect(
      await probe.request(ctl.componentScale(host.id), {
        component_ref: wasmCopy,
        component_id: 'echo',
        count: 3,
        host_id: host.id,
      }),
    ).toBe(
      `{"success":true,"message":"Requested to scale existing component to a different image reference: ${wasm} != ${wasmCopy}. The component will be scaled but the image reference will not be updated. If you meant to update this component to a new image ref, use the update command."}`,
    );
    const event = await probe.waitFor('component_scaled', scaled('echo', 3), mark);
    // 1.9.2 builds the event from the instance before the scale; the new one takes the request's annotations.
    expect(event.data).toMatchObject({ image_ref: wasm, annotations: { a: '1', b: '2' } });
    expect(probe.typesSince(mark, ['component_scaled'])).toEqual(['component_scaled']);
    expect(host.actors()[0]).toMatchObject({ image_ref: wasm, max_instances: 3, annotations: {} });
  });

  it('events carry the host_id of the command (1.9.2), but the start itself says this host', async () => {
    const mark = probe.mark;
    await probe.request(ctl.componentScale(host.id), { component_ref: wasm, component_id: 'anon', count: 1 });
    await probe.waitFor('component_scaled', (d) => d.component_id === 'anon' && d.host_id === '', mark);
    const events = probe.events.slice(mark).filter((e) => e.type === 'component_scaled');
    expect(events.map((e) => e.data.host_id)).toEqual([host.id, '']);
    await probe.request(ctl.componentScale(host.id), { component_ref: wasm, component_id: 'anon', count: 0 });
    await probe.waitFor('component_scaled', scaled('anon', 0), mark);
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
    const missing = join(dir, 'missing.wasm');
    await probe.request(ctl.componentScale(host.id), {
      component_ref: missing,
      component_id: 'bad',
      count: 1,
      host_id: host.id,
    });
    const failed = await probe.waitFor('component_scale_failed', (d) => d.component_id === 'bad', mark);
    expect(failed.data).toMatchObject({
      host_id: host.id,
      max_instances: 1,
      annotations: {},
      image_ref: missing,
    });
    expect(String(failed.data.error)).toMatch(/^failed to fetch component: ./);
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
    expect(failed.data.error).toBe('Unable to fetch requested config: Config absent does not exist');
  });

  it('a missing config is reported before a fetch failure; secrets need a secret store', async () => {
    const mark = probe.mark;
    await probe.request(ctl.componentScale(host.id), {
      component_ref: join(dir, 'missing.wasm'),
      component_id: 'both',
      count: 1,
      config: ['absent'],
    });
    const both = await probe.waitFor('component_scale_failed', (d) => d.component_id === 'both', mark);
    expect(both.data.error).toBe('Unable to fetch requested config: Config absent does not exist');
    await probe.request(ctl.componentScale(host.id), {
      component_ref: wasm,
      component_id: 'secret',
      count: 1,
      config: ['SECRET_token'],
    });
    const secret = await probe.waitFor('component_scale_failed', (d) => d.component_id === 'secret', mark);
    expect(secret.data.error).toBe(
      'Unable to fetch requested secrets: secret store not configured, could not fetch secrets',
    );
    expect(await probe.json(ctl.claimsGet())).toMatchObject({ response: [] });
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

  it('updates: scaled for the new ref, then max 0 also with the new ref (as 1.9.2); inventory shows it', async () => {
    const mark = probe.mark;
    expect(
      await probe.request(ctl.componentUpdate(host.id), {
        component_id: 'cfg',
        new_component_ref: wasmCopy,
        host_id: host.id,
        annotations: { v: '2' },
      }),
    ).toBe(`{"success":true,"message":"component cfg updating from ${wasm} to ${wasmCopy}"}`);
    await probe.waitFor('component_updated', () => true, mark);
    const events = probe.events.slice(mark).filter((e) => e.type === 'component_scaled');
    expect(events.map((e) => [e.data.image_ref, e.data.max_instances, e.data.annotations])).toEqual([
      [wasmCopy, 1, { v: '2' }],
      [wasmCopy, 0, { v: '2' }],
    ]);
    expect(host.actors().find((c) => c.id === 'cfg')?.image_ref).toBe(wasmCopy);
    expect(str(await host.callActor('cfg', 'config', text('color')))).toBe('green');
  });

  it('a failed update publishes no 1.x event (only the older component_update_failed)', async () => {
    const mark = probe.mark;
    await probe.request(ctl.componentUpdate(host.id), {
      component_id: 'cfg',
      new_component_ref: join(dir, 'missing.wasm'),
    });
    await probe.waitFor('component_update_failed', () => true, mark);
    expect(probe.typesSince(mark, ['component_scaled', 'component_scale_failed'])).toEqual([]);
    expect(host.actors().find((c) => c.id === 'cfg')?.image_ref).toBe(wasmCopy);
  });

  it('scale with allow_update: the warning of 1.9.2, the scale, then the update without annotations', async () => {
    const mark = probe.mark;
    expect(
      await probe.request(ctl.componentScale(host.id), {
        component_ref: wasm,
        component_id: 'cfg',
        count: 2,
        host_id: host.id,
        config: ['base', 'over'],
        annotations: { s: '1' },
        allow_update: true,
      }),
    ).toBe(
      `{"success":true,"message":"Requested to scale existing component, with a changed image reference: ${wasmCopy} != ${wasm}. The component will be scaled, and the image reference will be updated afterwards."}`,
    );
    await probe.waitFor('component_updated', () => true, mark);
    const events = probe.events.slice(mark).filter((e) => e.type === 'component_scaled');
    expect(events.map((e) => [e.data.image_ref, e.data.max_instances, e.data.annotations])).toEqual([
      [wasmCopy, 2, { v: '2' }],
      [wasm, 2, {}],
      [wasm, 0, {}],
    ]);
    expect(host.actors().find((c) => c.id === 'cfg')).toMatchObject({
      image_ref: wasm,
      max_instances: 2,
      annotations: {},
    });
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
    // Metadata the token lacks is null, as 1.9.2's json! writes the Options.
    expect(event.data.claims).toEqual({
      call_alias: null,
      expires_human: 'never',
      issuer: signed.accountPublicKey,
      name: 'signed-handler',
      not_before_human: expect.any(String),
      revision: null,
      tags: null,
      version: null,
    });
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
      // Kept as 1.9.2 round-trips them: known keys with an unsigned integer, written canonically.
      component_limits: { max_execution_time: '0300', max_memory_limit: 'lots', other: '1' },
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
