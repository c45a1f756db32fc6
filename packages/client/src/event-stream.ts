/**
 * Live lattice events as an async iterable. Subscriptions are made when the stream is created (so a caller
 * that creates it before sending a command cannot miss the command's events) and removed when the stream is
 * closed: by `close()`, by breaking out of `for await`, by `await using`, or by the abort signal.
 */
import { eventSubject, eventWildcard } from '@trellis/protocol';
import type { ClientConnection, ClientSubscription } from './connection.ts';
import { type LatticeEvent, parseLatticeEvent, shortEventName } from './lattice-event.ts';

export interface EventStreamOptions {
  /** Event names (`component_scaled`) or full types; one subscription per type. Default: every event. */
  types?: readonly string[];
  /** Closes the stream when aborted. */
  signal?: AbortSignal;
}

export interface EventStreamTarget {
  lattice: string;
  eventPrefix: string;
}

export class EventStream implements AsyncIterable<LatticeEvent>, AsyncDisposable {
  readonly #subs: ClientSubscription[];
  readonly #queue: LatticeEvent[] = [];
  readonly #waiters: Array<(event: LatticeEvent | undefined) => void> = [];
  #open: number;
  #closed = false;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort = () => this.close();

  constructor(nc: ClientConnection, target: EventStreamTarget, options: EventStreamOptions = {}) {
    const subjects =
      options.types && options.types.length > 0
        ? [...new Set(options.types.map(shortEventName))].map((t) =>
            eventSubject(target.lattice, t, target.eventPrefix),
          )
        : [eventWildcard(target.lattice, target.eventPrefix)];
    this.#subs = [];
    try {
      for (const subject of subjects) this.#subs.push(nc.subscribe(subject));
    } catch (error) {
      for (const sub of this.#subs) sub.unsubscribe();
      throw error;
    }
    this.#open = this.#subs.length;
    for (const sub of this.#subs) void this.#pump(sub);
    this.#signal = options.signal;
    if (this.#signal?.aborted) this.close();
    else this.#signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** True once closed (explicitly, by the signal, or because the connection closed). */
  get closed(): boolean {
    return this.#closed;
  }

  async #pump(sub: ClientSubscription): Promise<void> {
    try {
      for await (const msg of sub) {
        if (this.#closed) break;
        let event: LatticeEvent;
        try {
          event = parseLatticeEvent(msg.data);
        } catch {
          continue; // not a CloudEvent: not ours to deliver
        }
        this.#deliver(event);
      }
    } catch {
      // the subscription failed (e.g. permissions); treat like its end
    } finally {
      this.#open -= 1;
      if (this.#open === 0) this.close();
    }
  }

  #deliver(event: LatticeEvent): void {
    const waiter = this.#waiters.shift();
    if (waiter) waiter(event);
    else this.#queue.push(event);
  }

  /** Stops the stream and unsubscribes; events already queued are dropped. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#queue.length = 0;
    for (const sub of this.#subs) sub.unsubscribe();
    for (const waiter of this.#waiters.splice(0)) waiter(undefined);
  }

  /** The next event, or `undefined` once the stream is closed. */
  next(): Promise<LatticeEvent | undefined> {
    const queued = this.#queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.#closed) return Promise.resolve(undefined);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  [Symbol.asyncIterator](): AsyncIterator<LatticeEvent> {
    return {
      next: async () => {
        const value = await this.next();
        return value === undefined ? { value: undefined, done: true } : { value, done: false };
      },
      return: async () => {
        this.close();
        return { value: undefined, done: true };
      },
    };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }
}
