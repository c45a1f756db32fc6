/**
 * Turns an acknowledgement into a confirmed outcome: wait for the first event of some types that satisfies a
 * predicate. The subscription is made synchronously when `waitForEvent` is called, so calling it before
 * sending a command cannot miss that command's events.
 */
import type { ClientConnection } from './connection.ts';
import { ClientError, formatMs } from './errors.ts';
import { EventStream, type EventStreamTarget } from './event-stream.ts';
import type { LatticeEvent } from './lattice-event.ts';

export interface WaitForOptions {
  /** Give up after this long (rejects with `ClientError` code `event_timeout`). */
  timeoutMs: number;
  /** Cancels the wait (rejects with code `aborted`). */
  signal?: AbortSignal;
}

export type EventPredicate = (event: LatticeEvent) => boolean;

export function waitForEvent(
  nc: ClientConnection,
  target: EventStreamTarget,
  types: string | readonly string[],
  predicate: EventPredicate,
  options: WaitForOptions,
): Promise<LatticeEvent> {
  const list = typeof types === 'string' ? [types] : types;
  const stream = new EventStream(nc, target, { types: list });
  let outcome: 'timeout' | 'aborted' | undefined;
  const stop = (why: 'timeout' | 'aborted') => {
    outcome ??= why;
    stream.close();
  };
  const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
  const onAbort = () => stop('aborted');
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  return (async () => {
    try {
      for await (const event of stream) {
        if (predicate(event)) return event;
      }
      if (outcome === 'aborted') throw new ClientError('aborted', `waiting for ${list.join(' or ')} aborted`);
      if (outcome === 'timeout') {
        throw new ClientError(
          'event_timeout',
          `no ${list.join(' or ')} event within ${formatMs(options.timeoutMs)}`,
        );
      }
      throw new ClientError('closed', `connection closed while waiting for ${list.join(' or ')}`);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      stream.close();
    }
  })();
}
