/**
 * The seed 003 (wasmCloud 0.x) subjects on a real host: JSON and msgpack requests, replies in the request's
 * encoding with the 0.x shapes, on the same operations (and events) as ctl v1.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildHandlerComponent } from '@trellis/components';
import {
  decodeLegacy,
  encodeLegacy,
  LegacyActorAuctionAck,
  LegacyClaimsList,
  LegacyCtlOperationAck,
  LegacyHost,
  LegacyHostInventory,
  LegacyLinkDefinition,
  LegacyLinkDefinitionList,
  LegacyRemoveLinkDefinitionRequest,
  LegacyScaleActorCommand,
  LegacyStopActorCommand,
  legacySubjects,
} from '@trellis/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../src/index.ts';
import { type LatticeProbe, startTestLattice, type TestLattice } from './helpers.ts';

const lattice = 'legacytest';
const legacy = legacySubjects(lattice);
let stop: TestLattice['stop'];
let host: Host;
let probe: LatticeProbe;
let dir: string;
let wasm: string;

beforeAll(async () => {
  ({ host, probe, dir, stop } = await startTestLattice(lattice, { labels: { zone: 'eu' } }));
  wasm = join(dir, 'echo.wasm');
  await writeFile(wasm, await buildHandlerComponent());
});

afterAll(() => stop?.());

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const ackText = '{"accepted":true,"error":""}';

describe('seed 003 subjects', () => {
  it('ping.hosts and get.hosts: the bare 0.x Host', async () => {
    for (const subject of [legacy.pingHosts(), legacy.getHosts()]) {
      const [reply] = await probe.gather(subject, '', 300);
      const value = JSON.parse(reply as string);
      expect(value).toMatchObject({ id: host.id, friendly_name: host.friendlyName, lattice_prefix: lattice });
      expect(value.labels.zone).toBe('eu');
      expect(value.issuer).toMatch(/^C/);
      expect(Object.keys(value)[0]).toBe('ctl_host');
    }
  });

  it('cmd.la (JSON) launches an actor; get.inv shows it with instances', async () => {
    const mark = probe.mark;
    expect(
      await probe.request(legacy.command(host.id, 'la'), { actor_ref: wasm, count: 1, host_id: host.id }),
    ).toBe(ackText);
    await probe.waitFor('component_scaled', (d) => d.component_id === 'echo' && d.max_instances === 1, mark);
    const inv = decodeLegacy(
      LegacyHostInventory,
      await probe.requestBytes(legacy.getInventory(host.id), new Uint8Array()),
    );
    expect(inv.encoding).toBe('json');
    expect(inv.value.host_id).toBe(host.id);
    expect(inv.value.actors).toMatchObject([
      { id: 'echo', image_ref: wasm, instances: [{ max_concurrent: 1, revision: 0 }] },
    ]);
  });

  it('cmd.scale in msgpack answers in msgpack', async () => {
    const mark = probe.mark;
    const request = encodeLegacy(
      LegacyScaleActorCommand,
      { actor_id: 'echo', actor_ref: wasm, count: 2, host_id: host.id },
      'msgpack',
    );
    const reply = decodeLegacy(
      LegacyCtlOperationAck,
      await probe.requestBytes(legacy.command(host.id, 'scale'), request),
    );
    expect(reply).toEqual({ value: { accepted: true, error: '' }, encoding: 'msgpack' });
    await probe.waitFor('component_scaled', (d) => d.component_id === 'echo' && d.max_instances === 2, mark);
  });

  it('cmd.scale with an actor_id not running yet starts it under that id', async () => {
    const other = join(dir, 'other.wasm');
    await writeFile(other, await buildHandlerComponent());
    const mark = probe.mark;
    const scale = legacy.command(host.id, 'scale');
    expect(
      await probe.request(scale, { actor_id: 'chosen-id', actor_ref: other, count: 1, host_id: host.id }),
    ).toBe(ackText);
    const up = await probe.waitFor(
      'component_scaled',
      (d) => d.max_instances === 1 && d.image_ref === other,
      mark,
    );
    expect(up.data.component_id).toBe('chosen-id');
    expect(new TextDecoder().decode(await host.callActor('chosen-id', 'upper', json('x')))).toBe('"X"');
    expect(await probe.request(scale, { actor_id: 'chosen-id', count: 0, host_id: host.id })).toBe(ackText);
    await probe.waitFor(
      'component_scaled',
      (d) => d.component_id === 'chosen-id' && d.max_instances === 0,
      mark,
    );
    expect(host.actors().map((a) => a.id)).not.toContain('chosen-id');
    expect(JSON.parse(await probe.request(scale, { actor_id: 'a.b', actor_ref: other }))).toEqual({
      accepted: false,
      error: "actor_id 'a.b' must be one NATS subject token",
    });
  });

  it('auction.actor: answers when constraints match and the actor is not running here', async () => {
    const replies = await probe.gather(
      legacy.auctionActor(),
      { actor_ref: 'ghcr.io/x/other:1', constraints: { zone: 'eu' } },
      300,
    );
    expect(
      replies.map((r) => decodeLegacy(LegacyActorAuctionAck, new TextEncoder().encode(r)).value),
    ).toEqual([{ actor_ref: 'ghcr.io/x/other:1', host_id: host.id, constraints: { zone: 'eu' } }]);
    expect(await probe.gather(legacy.auctionActor(), { actor_ref: wasm, constraints: {} }, 300)).toEqual([]);
    expect(
      await probe.gather(legacy.auctionActor(), { actor_ref: 'x', constraints: { zone: 'us' } }, 300),
    ).toEqual([]);
  });

  it('auction.provider answers with link name', async () => {
    const [reply] = await probe.gather(legacy.auctionProvider(), { provider_ref: 'p', constraints: {} }, 300);
    expect(JSON.parse(reply as string)).toEqual({
      host_id: host.id,
      link_name: 'default',
      provider_ref: 'p',
      constraints: {},
    });
  });

  it('linkdefs.put / get.links / linkdefs.del round-trip values, with 1.x events', async () => {
    const def = {
      actor_id: 'echo',
      provider_id: 'VPROVIDER',
      link_name: 'default',
      contract_id: 'wasmcloud:keyvalue',
      values: { url: 'redis://x' },
    };
    const mark = probe.mark;
    expect(await probe.request(legacy.linkdefsPut(), def)).toBe(ackText);
    await probe.waitFor('linkdef_set', () => true, mark);
    const links = decodeLegacy(
      LegacyLinkDefinitionList,
      await probe.requestBytes(legacy.getLinks(), new Uint8Array()),
    );
    expect(links.value.links).toEqual([{ ...def, id: expect.stringMatching(/^[0-9A-F]{64}$/) }]);
    const del = encodeLegacy(
      LegacyRemoveLinkDefinitionRequest,
      { actor_id: 'echo', contract_id: 'wasmcloud:keyvalue', link_name: 'default' },
      'msgpack',
    );
    const ack = decodeLegacy(LegacyCtlOperationAck, await probe.requestBytes(legacy.linkdefsDel(), del));
    expect(ack.value.accepted).toBe(true);
    await probe.waitFor('linkdef_deleted', () => true, mark);
    expect(JSON.parse(await probe.request(legacy.getLinks()))).toEqual({ links: [] });
    expect(decodeLegacy(LegacyLinkDefinition, json(def)).value.link_name).toBe('default');
  });

  it('get.claims answers {claims: [...]}', async () => {
    expect(
      decodeLegacy(LegacyClaimsList, await probe.requestBytes(legacy.getClaims(), new Uint8Array())).value,
    ).toEqual({ claims: [] });
  });

  it('cmd.upd: unknown actor refused, known actor updated', async () => {
    expect(
      await probe.request(legacy.command(host.id, 'upd'), {
        actor_id: 'ghost',
        new_actor_ref: wasm,
        host_id: host.id,
      }),
    ).toBe('{"accepted":false,"error":"component ghost not found"}');
    expect(
      await probe.request(legacy.command(host.id, 'upd'), {
        actor_id: 'echo',
        new_actor_ref: wasm,
        host_id: host.id,
      }),
    ).toBe(ackText);
  });

  it('cmd.lp and cmd.sp: providers are not supported yet', async () => {
    expect(
      JSON.parse(
        await probe.request(legacy.command(host.id, 'lp'), { provider_ref: 'p', link_name: 'default' }),
      ),
    ).toEqual({
      accepted: false,
      error: 'capability providers are not supported yet by this host',
    });
    expect(
      JSON.parse(await probe.request(legacy.command(host.id, 'sp'), { provider_ref: 'V', contract_id: 'c' }))
        .accepted,
    ).toBe(false);
  });

  it('commands for another host are refused; garbage is answered, never dropped', async () => {
    expect(await probe.request(legacy.command(host.id, 'la'), { actor_ref: wasm, host_id: 'NOTME' })).toBe(
      '{"accepted":false,"error":"Command received by incorrect host and could not be processed"}',
    );
    const garbage = JSON.parse(await probe.request(legacy.command(host.id, 'la'), '{"actor_ref": 5'));
    expect(garbage.accepted).toBe(false);
    expect(garbage.error).toMatch(/^Invalid launch actor request/);
    expect(decodeLegacy(LegacyHost, json({ id: 'x' })).value.id).toBe('x');
  });

  it('cmd.sa with a count stops that many instances; without, the actor', async () => {
    const mark = probe.mark;
    expect(
      await probe.request(legacy.command(host.id, 'sa'), { actor_ref: wasm, count: 1, host_id: host.id }),
    ).toBe(ackText);
    await probe.waitFor('component_scaled', (d) => d.component_id === 'echo' && d.max_instances === 1, mark);
    const request = encodeLegacy(LegacyStopActorCommand, { actor_ref: wasm, host_id: host.id }, 'msgpack');
    expect(
      decodeLegacy(LegacyCtlOperationAck, await probe.requestBytes(legacy.command(host.id, 'sa'), request))
        .value,
    ).toEqual({
      accepted: true,
      error: '',
    });
    await probe.waitFor('component_scaled', (d) => d.component_id === 'echo' && d.max_instances === 0, mark);
    expect(host.actors()).toEqual([]);
  });
});
