/**
 * ctl v1 operations that need no component: ping, inventory, labels, config, links, claims, providers,
 * registry, unsupported subjects, host stop. Exact reply bytes and events in order, on a real nats-server.
 */
import type { NatsServer } from '@trellis/infra/nats';
import { ctlV1Subjects } from '@trellis/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../src/index.ts';
import { type LatticeProbe, startTestLattice, type TestLattice } from './helpers.ts';

let stop: TestLattice['stop'];
let nats: NatsServer;
let host: Host;
let probe: LatticeProbe;
const lattice = 'ctltest';
const ctl = ctlV1Subjects(lattice);

beforeAll(async () => {
  ({ nats, host, probe, stop } = await startTestLattice(lattice, {
    labels: { zone: 'eu', app: 'x' },
    friendlyName: 'calm-river-7',
  }));
});

afterAll(() => stop?.());

describe('host lifecycle', () => {
  it('announced host_started with friendly name, sorted labels, uptime 0 and semver version', async () => {
    const started = await probe.waitFor('host_started');
    expect(started.source).toBe(host.id);
    expect(host.id).toMatch(/^N[A-Z2-7]{55}$/);
    const labels = started.data.labels as Record<string, string>;
    expect(Object.keys(labels)).toEqual([...Object.keys(labels)].sort());
    expect(labels).toMatchObject({
      app: 'x',
      zone: 'eu',
      'hostcore.os': 'linux',
      'hostcore.osfamily': 'unix',
    });
    expect(labels['hostcore.arch']).toBeTruthy();
    expect(started.data).toMatchObject({
      friendly_name: 'calm-river-7',
      uptime_seconds: 0,
      version: '1.9.2',
    });
    expect(started.raw).toContain(
      '"data":{"friendly_name":"calm-river-7","labels":{"app":"x","hostcore.arch"',
    );
  });

  it('host.ping: every host answers with its Host, fields in wire order', async () => {
    const replies = await probe.gather(ctl.hostPing(), '', 300);
    expect(replies).toHaveLength(1);
    const text = replies[0] as string;
    expect(text).toMatch(
      new RegExp(
        `^\\{"success":true,"message":"","response":\\{"rpc_host":"${nats.url}","ctl_host":"${nats.url}","friendly_name":"calm-river-7","id":"${host.id}","labels":\\{"app":"x",.*\\},"lattice":"${lattice}","uptime_human":"\\d+s","uptime_seconds":\\d+,"version":"1.9.2"\\}\\}$`,
      ),
    );
  });

  it('host.get: the inventory', async () => {
    const reply = await probe.request(ctl.hostGet(host.id));
    expect(reply).toMatch(
      new RegExp(
        `^\\{"success":true,"message":"","response":\\{"components":\\[\\],"providers":\\[\\],"host_id":"${host.id}","friendly_name":"calm-river-7","labels":\\{.*\\},"version":"1.9.2","uptime_human":"[^"]+","uptime_seconds":\\d+\\}\\}$`,
      ),
    );
  });
});

describe('labels', () => {
  it('label.put sets a label and emits labels_changed with every label', async () => {
    const mark = probe.mark;
    expect(await probe.request(ctl.labelPut(host.id), { key: 'tier', value: 'gold' })).toBe(
      '{"success":true,"message":"successfully put label"}',
    );
    const event = await probe.waitFor('labels_changed', () => true, mark);
    expect(event.data.host_id).toBe(host.id);
    expect(event.data.labels).toMatchObject({ tier: 'gold', zone: 'eu' });
    expect(host.labels().tier).toBe('gold');
  });

  it('label.put refuses hostcore.* labels (any case) and changes nothing', async () => {
    const mark = probe.mark;
    const refusal = '{"success":false,"message":"hostcore.* labels cannot be set dynamically"}';
    expect(await probe.request(ctl.labelPut(host.id), { key: 'HostCore.os', value: 'x' })).toBe(refusal);
    expect(host.labels()['hostcore.os']).toBe('linux');
    expect(probe.typesSince(mark, ['labels_changed'])).toEqual([]);
  });

  it('label.del does not refuse hostcore.* keys (1.9.2 checks only on put)', async () => {
    const mark = probe.mark;
    expect(await probe.request(ctl.labelDel(host.id), { key: 'hostcore.osfamily' })).toBe(
      '{"success":true,"message":"successfully deleted label"}',
    );
    const event = await probe.waitFor('labels_changed', () => true, mark);
    expect(event.data.labels).not.toHaveProperty('hostcore.osfamily');
    expect(host.labels()).not.toHaveProperty('hostcore.osfamily');
  });

  it('label.del removes, and says so when there was no such label', async () => {
    expect(await probe.request(ctl.labelDel(host.id), { key: 'tier' })).toBe(
      '{"success":true,"message":"successfully deleted label"}',
    );
    expect(await probe.request(ctl.labelDel(host.id), { key: 'tier' })).toBe(
      '{"success":true,"message":"successfully deleted label (no such label)"}',
    );
  });
});

describe('config', () => {
  it('put, get, delete with events; missing config is success without response', async () => {
    const mark = probe.mark;
    expect(await probe.request(ctl.configPut('greeting'), { lang: 'en', b: '2' })).toBe(
      '{"success":true,"message":"successfully put config"}',
    );
    expect(await probe.request(ctl.configGet('greeting'))).toBe(
      '{"success":true,"message":"","response":{"lang":"en","b":"2"}}',
    );
    expect(await probe.request(ctl.configDel('greeting'))).toBe(
      '{"success":true,"message":"successfully deleted config"}',
    );
    expect(await probe.request(ctl.configGet('greeting'))).toBe(
      '{"success":true,"message":"Configuration not found"}',
    );
    await probe.waitFor('config_deleted', () => true, mark);
    const events = probe.events.slice(mark).filter((e) => e.type.startsWith('config_'));
    expect(events.map((e) => e.raw.slice(e.raw.indexOf('"data"')))).toEqual([
      '"data":{"config_name":"greeting"}}',
      '"data":{"config_name":"greeting"}}',
    ]);
    expect(events.map((e) => e.type)).toEqual(['config_set', 'config_deleted']);
  });

  it('refuses a body that is not a string map with the message of 1.9.2', async () => {
    const refusal = '{"success":false,"message":"config data should be a map of string -> string"}';
    expect(await probe.request(ctl.configPut('bad'), { n: 1 })).toBe(refusal);
    expect(await probe.request(ctl.configPut('bad'), '')).toBe(refusal);
  });
});

describe('links', () => {
  const link = {
    source_id: 'foo',
    target: 'bar',
    name: 'default',
    wit_namespace: 'wasi',
    wit_package: 'keyvalue',
    interfaces: ['store', 'atomics'],
    source_config: [],
    target_config: [],
  };

  it('link.put stores the link (components need not run) and emits linkdef_set', async () => {
    const mark = probe.mark;
    expect(await probe.request(ctl.linkPut(), link)).toBe(
      '{"success":true,"message":"successfully set link"}',
    );
    const event = await probe.waitFor('linkdef_set', () => true, mark);
    expect(event.raw.slice(event.raw.indexOf('"data"'))).toBe(
      '"data":{"interfaces":["store","atomics"],"name":"default","source_config":[],"source_id":"foo","target":"bar","target_config":[],"wit_namespace":"wasi","wit_package":"keyvalue"}}',
    );
    expect(await probe.request(ctl.linkGet())).toBe(
      `{"success":true,"message":"","response":[${JSON.stringify(link)}]}`,
    );
  });

  it('name defaults to "default"; an identical key replaces the link', async () => {
    const { name: _n, ...unnamed } = link;
    await probe.request(ctl.linkPut(), { ...unnamed, interfaces: ['store'] });
    const links = (await probe.json<{ response: unknown[] }>(ctl.linkGet())).response;
    expect(links).toEqual([{ ...link, interfaces: ['store'] }]);
  });

  it('refuses another target on an overlapping interface, exactly as 1.x says', async () => {
    const mark = probe.mark;
    expect(await probe.request(ctl.linkPut(), { ...link, target: 'baz', interfaces: ['store'] })).toBe(
      '{"success":false,"message":"link already exists with different target, consider deleting the existing link or using a different link name"}',
    );
    const failed = await probe.waitFor('linkdef_set_failed', () => true, mark);
    expect(failed.data.error).toMatch(/^link already exists/);
    // Another name or disjoint interfaces are fine.
    expect((await probe.json(ctl.linkPut(), { ...link, target: 'baz', name: 'other' })).success).toBe(true);
    expect((await probe.json(ctl.linkPut(), { ...link, target: 'baz', interfaces: ['batch'] })).success).toBe(
      true,
    );
  });

  it('validates config names of both sides', async () => {
    const reply = await probe.request(ctl.linkPut(), {
      ...link,
      name: 'cfg',
      source_config: ['nope', 'nix'],
      target_config: ['nada'],
    });
    expect(reply).toBe(
      '{"success":false,"message":"Failed to validate configuration and secrets. Configuration nope not found in config store. Configuration nix not found in config store. Configuration nada not found in config store. "}',
    );
    await probe.request(ctl.configPut('present'), { a: 'b' });
    expect(
      (await probe.json(ctl.linkPut(), { ...link, name: 'cfg', source_config: ['present'] })).success,
    ).toBe(true);
  });

  it('link.del is idempotent; linkdef_deleted unless the source has no spec at all', async () => {
    const del = { source_id: 'foo', name: 'cfg', wit_namespace: 'wasi', wit_package: 'keyvalue' };
    const mark = probe.mark;
    expect(await probe.request(ctl.linkDel(), del)).toBe(
      '{"success":true,"message":"successfully deleted link"}',
    );
    expect(await probe.request(ctl.linkDel(), del)).toBe(
      '{"success":true,"message":"successfully deleted link"}',
    );
    expect(await probe.request(ctl.linkDel(), { ...del, source_id: 'ghost' })).toBe(
      `{"success":true,"message":"successfully deleted link (spec doesn't exist)"}`,
    );
    // A marker after the ghost: 1.9.2 returns before publishing when the spec does not exist.
    await probe.request(ctl.configPut('marker'), { a: 'b' });
    await probe.waitFor('config_set', (d) => d.config_name === 'marker', mark);
    const deleted = probe.events.slice(mark).filter((e) => e.type === 'linkdef_deleted');
    expect(deleted.map((e) => e.data)).toEqual([
      {
        interfaces: ['store', 'atomics'],
        name: 'cfg',
        source_id: 'foo',
        target: 'bar',
        wit_namespace: 'wasi',
        wit_package: 'keyvalue',
      },
      { name: 'cfg', source_id: 'foo', wit_namespace: 'wasi', wit_package: 'keyvalue' },
    ]);
  });

  it('link.del removes only the first match, the last link taking its place (swap_remove)', async () => {
    const put = (name: string, target: string, interfaces: string[]) =>
      probe.json(ctl.linkPut(), { ...link, source_id: 'swap', name, target, interfaces });
    await put('n1', 't1', ['a']);
    await put('n2', 't1', ['a']);
    await put('n1', 't2', ['b']);
    const mark = probe.mark;
    const del = { source_id: 'swap', name: 'n1', wit_namespace: 'wasi', wit_package: 'keyvalue' };
    expect(await probe.request(ctl.linkDel(), del)).toBe(
      '{"success":true,"message":"successfully deleted link"}',
    );
    const event = await probe.waitFor('linkdef_deleted', (d) => d.source_id === 'swap', mark);
    expect(event.data).toMatchObject({ target: 't1', interfaces: ['a'] });
    const links = (await probe.json<{ response: Record<string, unknown>[] }>(ctl.linkGet())).response;
    expect(links.filter((l) => l.source_id === 'swap').map((l) => [l.name, l.target])).toEqual([
      ['n1', 't2'],
      ['n2', 't1'],
    ]);
  });
});

describe('other operations', () => {
  it('claims.get answers a (here empty) list', async () => {
    expect(await probe.request(ctl.claimsGet())).toBe('{"success":true,"message":"","response":[]}');
  });

  it('provider.start: not supported yet, with provider_start_failed (host_id from the command)', async () => {
    const mark = probe.mark;
    const reply = await probe.json(ctl.providerStart(host.id), {
      provider_id: 'p1',
      provider_ref: 'ghcr.io/x/p:1',
      host_id: host.id,
    });
    expect(reply).toEqual({
      success: false,
      message: 'capability providers are not supported yet by this host',
    });
    const event = await probe.waitFor('provider_start_failed', () => true, mark);
    expect(event.data).toEqual({
      error: 'capability providers are not supported yet by this host',
      host_id: host.id,
      link_name: 'default',
      provider_id: 'p1',
      provider_ref: 'ghcr.io/x/p:1',
    });
    await probe.request(ctl.providerStart(host.id), { provider_id: 'p2', provider_ref: 'r' });
    const anonymous = await probe.waitFor('provider_start_failed', (d) => d.provider_id === 'p2', mark);
    expect(anonymous.data.host_id).toBe('');
  });

  it('provider.stop of an unknown provider', async () => {
    expect(await probe.request(ctl.providerStop(host.id), { provider_id: 'p1', host_id: host.id })).toBe(
      '{"success":false,"message":"provider with that ID is not running"}',
    );
  });

  it('auctions: answered only when every constraint matches a label', async () => {
    const yes = await probe.gather(
      ctl.componentAuction(),
      { component_ref: 'r', component_id: 'c', constraints: { zone: 'eu' } },
      300,
    );
    expect(yes).toEqual([
      `{"success":true,"message":"","response":{"component_ref":"r","component_id":"c","host_id":"${host.id}","constraints":{"zone":"eu"}}}`,
    ]);
    expect(
      await probe.gather(ctl.componentAuction(), { component_id: 'c', constraints: { zone: 'us' } }, 300),
    ).toEqual([]);
    const provider = await probe.gather(
      ctl.providerAuction(),
      { provider_ref: 'p', provider_id: 'v', constraints: {} },
      300,
    );
    expect(provider).toEqual([
      `{"success":true,"message":"","response":{"host_id":"${host.id}","provider_ref":"p","provider_id":"v","constraints":{}}}`,
    ]);
  });

  it('registry.put answers when asked to', async () => {
    expect(
      await probe.request(ctl.registryPut(), { 'localhost:5000': { username: 'u', password: 'p' } }),
    ).toBe('{"success":true,"message":"successfully put registries"}');
  });

  it('unsupported subjects and malformed bodies get an error reply', async () => {
    expect(await probe.request(`${ctl.root}.component.frobnicate.${host.id}`)).toBe(
      '{"success":false,"message":"unsupported subject"}',
    );
    // 1.9.2 replies with the anyhow context only (`e.to_string()`), not the serde cause.
    const refusal = '{"success":false,"message":"failed to deserialize component scale command"}';
    expect(await probe.request(ctl.componentScale(host.id), '{not json')).toBe(refusal);
    expect(await probe.request(ctl.componentScale(host.id), { count: 1 })).toBe(refusal);
    expect(await probe.request(ctl.linkDel(), { source_id: 'x' })).toBe(
      '{"success":false,"message":"failed to deserialize wrpc link definition"}',
    );
    expect(await probe.request(ctl.labelPut(host.id), { key: 'k' })).toBe(
      '{"success":false,"message":"failed to deserialize put label request"}',
    );
    expect(await probe.request(ctl.labelDel(host.id), '[]')).toBe(
      '{"success":false,"message":"failed to deserialize delete label request"}',
    );
    expect(await probe.request(ctl.componentUpdate(host.id), '1')).toBe(
      '{"success":false,"message":"failed to deserialize component update command"}',
    );
  });

  it('host.stop with another host id, or a body that is not JSON, is refused', async () => {
    expect(await probe.request(ctl.hostStop(host.id), { host_id: 'NOTME' })).toBe(
      '{"success":false,"message":"invalid host_id [NOTME]"}',
    );
    expect(await probe.request(ctl.hostStop(host.id), ' ')).toBe(
      '{"success":false,"message":"failed to deserialize stop command"}',
    );
  });
});
