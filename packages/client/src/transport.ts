/**
 * Request/reply and scatter-gather over a `ClientConnection`, with nats.js failures mapped to `TransportError`.
 */
import { createInbox } from '@nats-io/nats-core';
import type { ClientConnection, ClientMsg } from './connection.ts';
import { TransportError, toTransportError } from './errors.ts';

/** One request, one reply; throws `TransportError` on timeout, no responders or a closed connection. */
export async function requestReply(
  nc: ClientConnection,
  subject: string,
  payload: Uint8Array,
  timeoutMs: number,
): Promise<ClientMsg> {
  if (nc.isClosed()) throw new TransportError('closed', subject, `connection closed on ${subject}`);
  try {
    return await nc.request(subject, payload, { timeout: timeoutMs });
  } catch (error) {
    throw toTransportError(error, subject, timeoutMs);
  }
}

export interface CollectOptions {
  /** How long to collect replies. */
  timeoutMs: number;
  /** Stop as soon as this many replies arrived. */
  expect?: number;
  /** Stop early (returning what arrived) when this aborts. */
  signal?: AbortSignal;
}

/**
 * Scatter-gather as the wasmCloud client does it: publish with a fresh inbox as reply subject, collect replies
 * until the period ends. It stops early on an empty payload (e.g. NATS's no-responders status, so "nobody
 * there" returns `[]` at once), once `expect` replies arrived, or when `signal` aborts.
 */
export async function scatterGather(
  nc: ClientConnection,
  subject: string,
  payload: Uint8Array,
  options: CollectOptions,
): Promise<ClientMsg[]> {
  if (nc.isClosed()) throw new TransportError('closed', subject, `connection closed on ${subject}`);
  const inbox = createInbox();
  let sub: ReturnType<ClientConnection['subscribe']>;
  try {
    sub = nc.subscribe(inbox);
    nc.publish(subject, payload, { reply: inbox });
  } catch (error) {
    throw toTransportError(error, subject);
  }
  const stop = () => sub.unsubscribe();
  const timer = setTimeout(stop, options.timeoutMs);
  options.signal?.addEventListener('abort', stop, { once: true });
  const replies: ClientMsg[] = [];
  try {
    if (options.expect !== undefined && options.expect <= 0) return replies;
    for await (const msg of sub) {
      if (msg.data.length === 0) break;
      replies.push(msg);
      if (options.expect !== undefined && replies.length >= options.expect) break;
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
    stop();
  }
  return replies;
}
