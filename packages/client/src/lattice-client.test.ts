import { isProtocolError } from '@trellis/protocol';
import { describe, expect, it } from 'vitest';
import { HostRefusedError, OutcomeFailedError } from './errors.ts';
import { createClient } from './lattice-client.ts';
import { MemoryNats } from './testing/memory-nats.ts';

const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const HOST = 'NBLATTICEHOSTIDAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

function event(name: string, source: string, data: Record<string, unknown>) {
  return enc({
    specversion: '1.0',
    id: crypto.randomUUID(),
    type: `com.wasmcloud.lattice.${name}`,
    source,
    data,
  });
}

describe('LatticeClient (ctl v1 over an in-memory connection)', () => {
  it('sends the scale command in wire order to the host subject and returns the ack message', async () => {
    const nc = new MemoryNats();
    let seen = '';
    nc.serve(`wasmbus.ctl.v1.lab.component.scale.${HOST}`, (msg) => {
      seen = dec(msg.data);
      return enc({ success: true, message: '' });
    });
    const client = createClient(nc, { lattice: 'lab' });
    const ack = await client.scaleComponent({
      host_id: HOST,
      component_id: 'hello',
      component_ref: 'file:///hello.wasm',
      count: 2,
      annotations: { z: '1', a: '2' },
    });
    expect(ack).toEqual({ message: '' });
    expect(seen).toBe(
      `{"component_ref":"file:///hello.wasm","component_id":"hello","annotations":{"a":"2","z":"1"},"count":2,"host_id":"${HOST}","config":[],"allow_update":false}`,
    );
  });

  it('throws HostRefusedError with the host message on success:false', async () => {
    const nc = new MemoryNats();
    nc.serve('wasmbus.ctl.v1.default.label.put.*', () =>
      enc({ success: false, message: 'hostcore.* labels cannot be set dynamically' }),
    );
    const error = await createClient(nc)
      .putLabel(HOST, 'hostcore.os', 'x')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostRefusedError);
    expect(error).toMatchObject({
      code: 'refused',
      hostMessage: 'hostcore.* labels cannot be set dynamically',
    });
  });

  it('throws a malformed ProtocolError on an undecodable reply', async () => {
    const nc = new MemoryNats();
    nc.serve('wasmbus.ctl.v1.default.link.get', () => new TextEncoder().encode('not json'));
    const error = await createClient(nc)
      .getLinks()
      .catch((e: unknown) => e);
    expect(isProtocolError(error, 'malformed')).toBe(true);
  });

  it('reads a missing config as undefined and a present one as its map', async () => {
    const nc = new MemoryNats();
    nc.serve('wasmbus.ctl.v1.default.config.get.*', (msg) =>
      msg.subject.endsWith('.there')
        ? enc({ success: true, message: '', response: { k: 'v' } })
        : enc({ success: true, message: 'Configuration not found' }),
    );
    const client = createClient(nc);
    expect(await client.getConfig('there')).toEqual({ k: 'v' });
    expect(await client.getConfig('missing')).toBeUndefined();
  });

  it('collects hosts from every replier, skipping refusals', async () => {
    const nc = new MemoryNats();
    for (const id of ['N1', 'N2']) {
      nc.serve('wasmbus.ctl.v1.default.host.ping', () =>
        enc({
          success: true,
          message: '',
          response: { id, friendly_name: id, labels: {}, uptime_seconds: 1 },
        }),
      );
    }
    nc.serve('wasmbus.ctl.v1.default.host.ping', () => enc({ success: false, message: 'nope' }));
    const hosts = await createClient(nc, { auctionTimeoutMs: 50 }).getHosts();
    expect(hosts.map((h) => h.id).sort()).toEqual(['N1', 'N2']);
  });

  it('auctions send defaults and return the acks', async () => {
    const nc = new MemoryNats();
    let body = '';
    nc.serve('wasmbus.ctl.v1.default.component.auction', (msg) => {
      body = dec(msg.data);
      return enc({
        success: true,
        message: '',
        response: { component_ref: 'r', component_id: 'c', host_id: HOST },
      });
    });
    const acks = await createClient(nc).performComponentAuction(
      { component_ref: 'r', component_id: 'c' },
      { timeoutMs: 30 },
    );
    expect(body).toBe('{"component_ref":"r","component_id":"c","constraints":{}}');
    expect(acks).toEqual([{ component_ref: 'r', component_id: 'c', host_id: HOST, constraints: {} }]);
  });

  it('putRegistries only publishes', async () => {
    const nc = new MemoryNats();
    await createClient(nc).putRegistries({ 'localhost:5000': { username: 'u', password: 'p' } });
    const last = nc.published.at(-1);
    expect(last?.subject).toBe('wasmbus.ctl.v1.default.registry.put');
    expect(dec(last?.data ?? new Uint8Array())).toBe(
      '{"localhost:5000":{"password":"p","username":"u","registryType":"oci"}}',
    );
  });

  it('scaleComponentAndWait subscribes before sending and resolves on component_scaled from that host', async () => {
    const nc = new MemoryNats();
    nc.serve(`wasmbus.ctl.v1.default.component.scale.${HOST}`, (msg) => {
      // the host emits the event right after acknowledging; a client that subscribed late would miss it
      queueMicrotask(() => {
        nc.publish(
          'wasmbus.evt.default.component_scaled',
          event('component_scaled', 'NOTHER', { component_id: 'c', host_id: 'NOTHER' }),
        );
        nc.publish(
          'wasmbus.evt.default.component_scaled',
          event('component_scaled', HOST, { component_id: 'c', host_id: HOST }),
        );
      });
      expect(dec(msg.data)).toContain('"count":1');
      return enc({ success: true, message: '' });
    });
    const client = createClient(nc);
    const { ack, event: confirmed } = await client.scaleComponentAndWait({
      host_id: HOST,
      component_id: 'c',
      component_ref: 'r',
      count: 1,
    });
    expect(ack.message).toBe('');
    expect(confirmed.source).toBe(HOST);
    expect(nc.liveSubscriptions('wasmbus.evt')).toBe(0);
  });

  it('scaleComponentAndWait throws OutcomeFailedError with the event error', async () => {
    const nc = new MemoryNats();
    nc.serve(`wasmbus.ctl.v1.default.component.scale.${HOST}`, () => {
      queueMicrotask(() =>
        nc.publish(
          'wasmbus.evt.default.component_scale_failed',
          event('component_scale_failed', HOST, { component_id: 'c', host_id: HOST, error: 'fetch failed' }),
        ),
      );
      return enc({ success: true, message: '' });
    });
    const error = await createClient(nc)
      .scaleComponentAndWait({ host_id: HOST, component_id: 'c', component_ref: 'r', count: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeFailedError);
    expect(error).toMatchObject({ code: 'failed', message: 'fetch failed' });
  });

  it("sendAndWait throws OutcomeFailedError on any of the failure events, with an older event's reason", async () => {
    const nc = new MemoryNats();
    nc.serve(`wasmbus.ctl.v1.default.component.update.${HOST}`, () => {
      queueMicrotask(() =>
        nc.publish(
          'wasmbus.evt.default.component_update_failed',
          event('component_update_failed', HOST, { public_key: 'c', reason: 'no such file' }),
        ),
      );
      return enc({ success: true, message: '' });
    });
    const client = createClient(nc);
    const error = await client
      .sendAndWait(
        () => client.updateComponent({ host_id: HOST, component_id: 'c', new_component_ref: 'r2' }),
        {
          success: 'component_scaled',
          failures: ['component_scale_failed', 'component_update_failed'],
          matches: (e) => e.data.public_key === 'c',
        },
        { timeoutMs: 5_000 },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeFailedError);
    expect(error).toMatchObject({ code: 'failed', message: 'no such file' });
    expect(nc.liveSubscriptions('wasmbus.evt')).toBe(0);
  });

  it('scaleComponentAndWait releases its subscription when the command is refused', async () => {
    const nc = new MemoryNats();
    nc.serve(`wasmbus.ctl.v1.default.component.scale.${HOST}`, () => enc({ success: false, message: 'bad' }));
    const error = await createClient(nc)
      .scaleComponentAndWait({ host_id: HOST, component_id: 'c', count: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostRefusedError);
    await new Promise((r) => setTimeout(r, 0));
    expect(nc.liveSubscriptions('wasmbus.evt')).toBe(0);
  });
});
