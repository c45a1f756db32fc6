import { describe, expect, it } from 'vitest';
import { parseTypes, passes } from './filter.ts';
import { SseStream, sseMessage } from './sse-stream.ts';

const decoder = new TextDecoder();

describe('SseStream', () => {
  it('formats multi-line data as several data lines', () => {
    expect(sseMessage('x', 'a\nb')).toBe('event: x\ndata: a\ndata: b\n\n');
  });

  it('delivers what the reader asks for, in order', async () => {
    const stream = new SseStream({ limitBytes: 1000, keepaliveMs: 60_000 });
    const reader = stream.readable.getReader();
    stream.send('a', '1');
    stream.send('b', '2');
    expect(decoder.decode((await reader.read()).value)).toBe('event: a\ndata: 1\n\n');
    expect(decoder.decode((await reader.read()).value)).toBe('event: b\ndata: 2\n\n');
    stream.close();
    expect((await reader.read()).done).toBe(true);
  });

  it('drops a reader that falls behind with a final dropped event, and says so once', async () => {
    let closes = 0;
    const stream = new SseStream({ limitBytes: 100, keepaliveMs: 60_000, onClose: () => closes++ });
    for (let i = 0; i < 10; i++) stream.send('e', 'x'.repeat(20));
    expect(stream.closed).toBe(true);
    expect(closes).toBe(1);
    const text = decoder.decode(new Uint8Array(await new Response(stream.readable).arrayBuffer()));
    expect(text).toBe('event: dropped\ndata: {"reason":"slow client: more than 100 bytes waiting"}\n\n');
  });

  it('stops when the reader cancels', async () => {
    let closes = 0;
    const stream = new SseStream({ limitBytes: 100, keepaliveMs: 60_000, onClose: () => closes++ });
    await stream.readable.cancel();
    expect(stream.closed).toBe(true);
    expect(closes).toBe(1);
  });
});

describe('type filters', () => {
  it('accepts short and full CloudEvent types; none means everything', () => {
    expect(parseTypes('component_scaled, com.wasmcloud.lattice.linkdef_set,,')).toEqual([
      'component_scaled',
      'linkdef_set',
    ]);
    expect(parseTypes('')).toBeUndefined();
    expect(passes(undefined, 'anything')).toBe(true);
    expect(passes(['a'], 'b')).toBe(false);
  });
});
