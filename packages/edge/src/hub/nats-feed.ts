/**
 * One NATS subscription kept alive for as long as it is wanted: connects (with reconnection on), subscribes,
 * and when the connection is lost for good or cannot be made, tries again forever with capped exponential
 * backoff. Status changes are reported so the hub can tell its clients.
 */
import type { NatsConnection } from '@nats-io/nats-core';

export type FeedStatus = 'connected' | 'disconnected' | 'reconnected';

export interface NatsFeedOptions {
  connect: () => Promise<NatsConnection>;
  subject: string;
  onMessage: (subject: string, data: Uint8Array) => void;
  onStatus?: (status: FeedStatus, detail?: string) => void;
  /** First retry delay; doubles up to `maxBackoffMs`. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/** Delay before retry number `attempt` (0-based): `min * 2^attempt` capped at `max`, plus up to 20% jitter. */
export function backoffDelay(attempt: number, minMs: number, maxMs: number): number {
  const base = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return Math.round(base + base * 0.2 * Math.random());
}

export class NatsFeed {
  readonly #options: Required<Omit<NatsFeedOptions, 'onStatus'>> & Pick<NatsFeedOptions, 'onStatus'>;
  #running = false;
  #connected = false;
  #nc: NatsConnection | undefined;
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;

  constructor(options: NatsFeedOptions) {
    this.#options = { minBackoffMs: 250, maxBackoffMs: 10_000, ...options };
  }

  /** Whether the subscription is currently live on the server. */
  get connected(): boolean {
    return this.#connected;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Starts the loop; a no-op when it runs already. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Unsubscribes, closes the connection and ends the loop. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#wake?.();
    const nc = this.#nc;
    if (nc !== undefined) await nc.close().catch(() => undefined);
    await this.#loop;
  }

  async #run(): Promise<void> {
    let attempt = 0;
    while (this.#running) {
      try {
        const nc = await this.#options.connect();
        if (!this.#running) {
          await nc.close().catch(() => undefined);
          break;
        }
        this.#nc = nc;
        attempt = 0;
        await this.#serve(nc);
      } catch (error) {
        this.#options.onStatus?.('disconnected', error instanceof Error ? error.message : String(error));
      } finally {
        this.#connected = false;
        this.#nc = undefined;
      }
      if (!this.#running) break;
      await this.#sleep(backoffDelay(attempt++, this.#options.minBackoffMs, this.#options.maxBackoffMs));
    }
  }

  async #serve(nc: NatsConnection): Promise<void> {
    const sub = nc.subscribe(this.#options.subject);
    await nc.flush();
    this.#connected = true;
    this.#options.onStatus?.('connected');
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect') {
          this.#connected = false;
          this.#options.onStatus?.('disconnected', 'connection to NATS lost');
        } else if (status.type === 'reconnect') {
          this.#connected = true;
          this.#options.onStatus?.('reconnected');
        }
      }
    })().catch(() => undefined);
    for await (const msg of sub) this.#options.onMessage(msg.subject, msg.data);
    await nc.close().catch(() => undefined);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
