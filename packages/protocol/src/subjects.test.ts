import { describe, expect, it } from 'vitest';
import { isProtocolError } from './errors.ts';
import {
  ctlV1Subjects,
  eventSubject,
  eventWildcard,
  legacySubjects,
  rpcEventSubject,
  rpcSubject,
} from './subjects.ts';

const HOST = 'NBXDU36HBDCBHHWNKMCWSIJUBZ4EHGZP62JHPPYGAT3XDGYJH4YGXEDQ';

describe('ctl v1 subjects', () => {
  const s = ctlV1Subjects('default');
  it('builds every operation of the reference', () => {
    expect(s.hostPing()).toBe('wasmbus.ctl.v1.default.host.ping');
    expect(s.hostGet(HOST)).toBe(`wasmbus.ctl.v1.default.host.get.${HOST}`);
    expect(s.hostStop(HOST)).toBe(`wasmbus.ctl.v1.default.host.stop.${HOST}`);
    expect(s.claimsGet()).toBe('wasmbus.ctl.v1.default.claims.get');
    expect(s.componentAuction()).toBe('wasmbus.ctl.v1.default.component.auction');
    expect(s.componentScale(HOST)).toBe(`wasmbus.ctl.v1.default.component.scale.${HOST}`);
    expect(s.componentUpdate(HOST)).toBe(`wasmbus.ctl.v1.default.component.update.${HOST}`);
    expect(s.providerAuction()).toBe('wasmbus.ctl.v1.default.provider.auction');
    expect(s.providerStart(HOST)).toBe(`wasmbus.ctl.v1.default.provider.start.${HOST}`);
    expect(s.providerStop(HOST)).toBe(`wasmbus.ctl.v1.default.provider.stop.${HOST}`);
    expect(s.linkPut()).toBe('wasmbus.ctl.v1.default.link.put');
    expect(s.linkDel()).toBe('wasmbus.ctl.v1.default.link.del');
    expect(s.linkGet()).toBe('wasmbus.ctl.v1.default.link.get');
    expect(s.configPut('cfg')).toBe('wasmbus.ctl.v1.default.config.put.cfg');
    expect(s.configGet('cfg')).toBe('wasmbus.ctl.v1.default.config.get.cfg');
    expect(s.configDel('cfg')).toBe('wasmbus.ctl.v1.default.config.del.cfg');
    expect(s.labelPut(HOST)).toBe(`wasmbus.ctl.v1.default.label.put.${HOST}`);
    expect(s.labelDel(HOST)).toBe(`wasmbus.ctl.v1.default.label.del.${HOST}`);
    expect(s.registryPut()).toBe('wasmbus.ctl.v1.default.registry.put');
  });

  it('honours a custom topic prefix', () => {
    expect(ctlV1Subjects('lab', 'acme.ctl').hostPing()).toBe('acme.ctl.v1.lab.host.ping');
  });

  it('rejects lattice names and ids that are not one subject token', () => {
    for (const bad of ['a.b', 'a*', 'a>', 'a b', '', 'tab\t']) {
      expect(() => ctlV1Subjects(bad)).toThrowError(/lattice/);
      try {
        s.componentScale(bad);
        expect.unreachable();
      } catch (error) {
        expect(isProtocolError(error, 'invalid_id')).toBe(true);
      }
    }
  });

  it('parses what it builds, and flags what no operation matches', () => {
    expect(s.parse(s.componentScale(HOST))).toEqual({
      lattice: 'default',
      operation: 'component.scale',
      hostId: HOST,
    });
    expect(s.parse(s.configGet('x'))).toEqual({ lattice: 'default', operation: 'config.get', name: 'x' });
    expect(s.parse(s.hostPing())).toEqual({ lattice: 'default', operation: 'host.ping' });
    expect(s.parse('wasmbus.ctl.v1.default.component.explode.N')?.operation).toBeUndefined();
    expect(s.parse('wasmbus.ctl.v1.default.host.ping.extra')?.operation).toBeUndefined();
    expect(s.parse('wasmbus.ctl.v1.other.host.ping')).toBeUndefined();
  });

  it('lists the host subscriptions with the 1.x queue groups', () => {
    const subs = s.hostSubscriptions(HOST);
    expect(subs).toContainEqual({
      subject: 'wasmbus.ctl.v1.default.link.*',
      queue: 'wasmbus.ctl.v1.default.link',
    });
    expect(subs).toContainEqual({
      subject: 'wasmbus.ctl.v1.default.config.>',
      queue: 'wasmbus.ctl.v1.default.config',
    });
    expect(subs).toContainEqual({ subject: `wasmbus.ctl.v1.default.component.*.${HOST}` });
    expect(s.hostSubscriptions(HOST, { component: false }).map((x) => x.subject)).not.toContain(
      'wasmbus.ctl.v1.default.component.auction',
    );
  });
});

describe('legacy subjects (seed 003)', () => {
  const s = legacySubjects('default');
  it('builds and parses the 0.x subjects', () => {
    expect(s.auctionActor()).toBe('wasmbus.ctl.default.auction.actor');
    expect(s.command(HOST, 'la')).toBe(`wasmbus.ctl.default.cmd.${HOST}.la`);
    expect(s.getInventory(HOST)).toBe(`wasmbus.ctl.default.get.${HOST}.inv`);
    expect(s.pingHosts()).toBe('wasmbus.ctl.default.ping.hosts');
    expect(s.getHosts()).toBe('wasmbus.ctl.default.get.hosts');
    expect(s.linkdefsDel()).toBe('wasmbus.ctl.default.linkdefs.del');
    expect(s.parse(s.command(HOST, 'upd'))).toEqual({
      lattice: 'default',
      operation: 'cmd.upd',
      hostId: HOST,
    });
    expect(s.parse(s.getInventory(HOST))).toEqual({ lattice: 'default', operation: 'get.inv', hostId: HOST });
    expect(s.parse(s.getLinks())?.operation).toBe('get.links');
    expect(s.parse('wasmbus.ctl.default.cmd.N.zap')?.operation).toBeUndefined();
    expect(s.parse('wasmbus.ctl.default.v1.host.ping')).toBeUndefined();
  });
});

describe('event and rpc subjects', () => {
  it('builds them', () => {
    expect(eventSubject('default', 'component_scaled')).toBe('wasmbus.evt.default.component_scaled');
    expect(eventWildcard('default')).toBe('wasmbus.evt.default.>');
    expect(rpcSubject('default', 'echo')).toBe('wasmbus.rpc.default.echo');
    expect(rpcEventSubject('default')).toBe('wasmbus.rpcevt.default');
  });
});
