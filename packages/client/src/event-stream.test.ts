import { describe, expect, it } from 'vitest';
import { isClientError } from './errors.ts';
import { EventStream } from './event-stream.ts';
import { MemoryNats } from './testing/memory-nats.ts';
import { waitForEvent } from './wait-for.ts';

const target = { lattice: 'default', eventPrefix: 'wasmbus.evt' };
function publishEvent(nc: MemoryNats, name: string, data: Record<string, unknown> = {}) {
  const body = { specversion: '1.0', id: '1', type: `com.wasmcloud.lattice.${name}`, source: 'NHOST', data };
  nc.publish(`wasmbus.evt.default.${name}`, new TextEncoder().encode(JSON.stringify(body)));
}

describe('EventStream', () => {
  it('subscribes once per type, delivers parsed events, and unsubscribes on break', async () => {
    const nc = new MemoryNats();
    const stream = new EventStream(nc, target, {
      types: ['component_scaled', 'com.wasmcloud.lattice.config_set'],
    });
    expect([...nc.subs].map((s) => s.pattern).sort()).toEqual([
      'wasmbus.evt.default.component_scaled',
      'wasmbus.evt.default.config_set',
    ]);
    publishEvent(nc, 'host_heartbeat');
    publishEvent(nc, 'config_set', { config_name: 'c' });
    nc.publish('wasmbus.evt.default.component_scaled', new TextEncoder().encode('garbage'));
    publishEvent(nc, 'component_scaled', { component_id: 'x' });
    const names: string[] = [];
    for await (const event of stream) {
      names.push(event.name);
      if (names.length === 2) break;
    }
    expect(names).toEqual(['config_set', 'component_scaled']);
    expect(nc.liveSubscriptions()).toBe(0);
  });

  it('uses the lattice wildcard without types and closes on abort and on dispose', async () => {
    const nc = new MemoryNats();
    const abort = new AbortController();
    const stream = new EventStream(nc, target, { signal: abort.signal });
    expect([...nc.subs].map((s) => s.pattern)).toEqual(['wasmbus.evt.default.>']);
    const next = stream.next();
    abort.abort();
    expect(await next).toBeUndefined();
    expect(nc.liveSubscriptions()).toBe(0);
    {
      await using disposable = new EventStream(nc, target);
      expect(disposable.closed).toBe(false);
      expect(nc.liveSubscriptions()).toBe(1);
    }
    expect(nc.liveSubscriptions()).toBe(0);
  });

  it('ends when the connection closes', async () => {
    const nc = new MemoryNats();
    const stream = new EventStream(nc, target);
    nc.close();
    const seen = [];
    for await (const e of stream) seen.push(e);
    expect(seen).toEqual([]);
    expect(stream.closed).toBe(true);
  });
});

describe('waitForEvent', () => {
  it('resolves with the first matching event', async () => {
    const nc = new MemoryNats();
    const waiting = waitForEvent(nc, target, 'config_set', (e) => e.data.config_name === 'b', {
      timeoutMs: 60_000,
    });
    publishEvent(nc, 'config_set', { config_name: 'a' });
    publishEvent(nc, 'config_set', { config_name: 'b' });
    expect((await waiting).data).toEqual({ config_name: 'b' });
    expect(nc.liveSubscriptions()).toBe(0);
  });

  it('rejects with event_timeout, or aborted, and leaves no subscription', async () => {
    const nc = new MemoryNats();
    const late = await waitForEvent(nc, target, 'x', () => true, { timeoutMs: 5 }).catch((e: unknown) => e);
    expect(isClientError(late, 'event_timeout')).toBe(true);
    const abort = new AbortController();
    const pending = waitForEvent(nc, target, ['x', 'y'], () => true, {
      timeoutMs: 60_000,
      signal: abort.signal,
    });
    abort.abort();
    expect(isClientError(await pending.catch((e: unknown) => e), 'aborted')).toBe(true);
    expect(nc.liveSubscriptions()).toBe(0);
  });
});
