import { describe, expect, it } from 'vitest';
import { TransportError } from './errors.ts';
import { MemoryNats } from './testing/memory-nats.ts';
import { requestReply, scatterGather } from './transport.ts';

const text = (s: string) => new TextEncoder().encode(s);

describe('scatterGather', () => {
  it('collects every reply until the period ends', async () => {
    const nc = new MemoryNats();
    nc.serve('a.b', () => text('one'));
    nc.serve('a.b', () => text('two'));
    const replies = await scatterGather(nc, 'a.b', new Uint8Array(), { timeoutMs: 50 });
    expect(replies.map((m) => new TextDecoder().decode(m.data)).sort()).toEqual(['one', 'two']);
    expect(nc.liveSubscriptions('_INBOX')).toBe(0);
  });

  it('stops once the expected count answered', async () => {
    const nc = new MemoryNats();
    for (let i = 0; i < 3; i++) nc.serve('a.b', () => text(`r${i}`));
    const replies = await scatterGather(nc, 'a.b', new Uint8Array(), { timeoutMs: 60_000, expect: 2 });
    expect(replies).toHaveLength(2);
  });

  it('returns nothing at once when nobody listens (empty no-responders payload)', async () => {
    const nc = new MemoryNats();
    const replies = await scatterGather(nc, 'a.b', new Uint8Array(), { timeoutMs: 60_000 });
    expect(replies).toEqual([]);
    expect(nc.liveSubscriptions()).toBe(0);
  });

  it('stops early when aborted and keeps what arrived', async () => {
    const nc = new MemoryNats();
    nc.serve('a.b', () => text('x'));
    const abort = new AbortController();
    const pending = scatterGather(nc, 'a.b', new Uint8Array(), { timeoutMs: 60_000, signal: abort.signal });
    setTimeout(() => abort.abort(), 10);
    expect(await pending).toHaveLength(1);
  });

  it('fails with code closed on a closed connection', async () => {
    const nc = new MemoryNats();
    nc.close();
    await expect(scatterGather(nc, 'a.b', new Uint8Array(), { timeoutMs: 10 })).rejects.toMatchObject({
      code: 'closed',
    });
  });
});

describe('requestReply', () => {
  it('maps no responders and timeouts to TransportError codes', async () => {
    const nc = new MemoryNats();
    const none = await requestReply(nc, 'x.y', new Uint8Array(), 1000).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(TransportError);
    expect(none).toMatchObject({ code: 'no_responders', subject: 'x.y' });
    nc.serve('x.y', () => undefined); // hears, never answers
    const slow = await requestReply(nc, 'x.y', new Uint8Array(), 20).catch((e: unknown) => e);
    expect(slow).toMatchObject({ code: 'timeout', message: 'no reply within 20ms on x.y' });
  });
});
