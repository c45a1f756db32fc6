/**
 * An in-memory stand-in for a NATS connection, for unit tests of the client's pure logic only (the client's
 * real tests run against nats-server). Subjects match with `*` and `>`; a publish with a reply subject that no
 * one hears gets an empty message on the reply subject (NATS's no-responders status); `request` rejects with
 * nats.js's own error classes.
 */
import { NoRespondersError, RequestError, TimeoutError } from '@nats-io/nats-core';
import type { ClientConnection, ClientMsg, ClientSubscription } from '../connection.ts';

export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}

class MemorySubscription implements ClientSubscription {
  readonly pattern: string;
  readonly #queue: ClientMsg[] = [];
  readonly #waiters: Array<(msg: ClientMsg | undefined) => void> = [];
  #done = false;
  readonly #onClose: (sub: MemorySubscription) => void;

  constructor(pattern: string, onClose: (sub: MemorySubscription) => void) {
    this.pattern = pattern;
    this.#onClose = onClose;
  }

  get done(): boolean {
    return this.#done;
  }

  push(msg: ClientMsg): void {
    if (this.#done) return;
    const waiter = this.#waiters.shift();
    if (waiter) waiter(msg);
    else this.#queue.push(msg);
  }

  unsubscribe(): void {
    if (this.#done) return;
    this.#done = true;
    this.#onClose(this);
    for (const waiter of this.#waiters.splice(0)) waiter(undefined);
  }

  [Symbol.asyncIterator](): AsyncIterator<ClientMsg> {
    return {
      next: async () => {
        const queued = this.#queue.shift();
        if (queued) return { value: queued, done: false };
        if (this.#done) return { value: undefined, done: true };
        const msg = await new Promise<ClientMsg | undefined>((resolve) => this.#waiters.push(resolve));
        return msg === undefined ? { value: undefined, done: true } : { value: msg, done: false };
      },
      return: async () => {
        this.unsubscribe();
        return { value: undefined, done: true };
      },
    };
  }
}

export type Responder = (msg: ClientMsg) => Uint8Array | undefined | Promise<Uint8Array | undefined>;

export class MemoryNats implements ClientConnection {
  readonly subs = new Set<MemorySubscription>();
  /** Every published message, in order. */
  readonly published: ClientMsg[] = [];
  #closed = false;
  #inbox = 0;

  publish(subject: string, payload: Uint8Array = new Uint8Array(0), options: { reply?: string } = {}): void {
    if (this.#closed) throw new Error('closed');
    const msg: ClientMsg = { subject, data: payload, reply: options.reply };
    this.published.push(msg);
    const targets = [...this.subs].filter((sub) => subjectMatches(sub.pattern, subject));
    if (targets.length === 0 && options.reply) {
      this.publish(options.reply, new Uint8Array(0));
      return;
    }
    for (const sub of targets) sub.push(msg);
  }

  subscribe(subject: string): MemorySubscription {
    const sub = new MemorySubscription(subject, (s) => this.subs.delete(s));
    this.subs.add(sub);
    return sub;
  }

  async request(subject: string, payload: Uint8Array, options: { timeout: number }): Promise<ClientMsg> {
    const reply = `_INBOX.memory.${++this.#inbox}`;
    const sub = this.subscribe(reply);
    const timer = setTimeout(() => sub.unsubscribe(), options.timeout);
    try {
      this.publish(subject, payload, { reply });
      for await (const msg of sub) {
        if (msg.data.length === 0)
          throw new RequestError('no responders', { cause: new NoRespondersError(subject) });
        return msg;
      }
      throw new TimeoutError();
    } finally {
      clearTimeout(timer);
      sub.unsubscribe();
    }
  }

  async flush(): Promise<void> {}

  isClosed(): boolean {
    return this.#closed;
  }

  close(): void {
    this.#closed = true;
    for (const sub of [...this.subs]) sub.unsubscribe();
  }

  /** Answers every message on `pattern` that has a reply subject with what `respond` returns (nothing if undefined). */
  serve(pattern: string, respond: Responder): () => void {
    const sub = this.subscribe(pattern);
    void (async () => {
      for await (const msg of sub) {
        const out = await respond(msg);
        if (out !== undefined && msg.reply) this.publish(msg.reply, out);
      }
    })();
    return () => sub.unsubscribe();
  }

  /** Number of live subscriptions whose pattern starts with `prefix` (for leak checks). */
  liveSubscriptions(prefix = ''): number {
    return [...this.subs].filter((s) => s.pattern.startsWith(prefix)).length;
  }
}
