/**
 * A FIFO counting semaphore with a limit that can change while it is in use (a lowered limit lets running
 * holders finish and admits no one until the count is under it). `drained()` resolves once nothing holds
 * or waits for a slot.
 */
export class Limiter {
  #limit: number;
  #active = 0;
  readonly #waiting: (() => void)[] = [];
  #drainWaiters: (() => void)[] = [];

  constructor(limit: number) {
    this.#limit = limit;
  }

  get active(): number {
    return this.#active;
  }

  get queued(): number {
    return this.#waiting.length;
  }

  get limit(): number {
    return this.#limit;
  }

  setLimit(limit: number): void {
    this.#limit = limit;
    this.#pump();
  }

  acquire(): Promise<void> {
    if (this.#active < this.#limit && this.#waiting.length === 0) {
      this.#active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  release(): void {
    this.#active--;
    this.#pump();
    if (this.#active === 0 && this.#waiting.length === 0) {
      const waiters = this.#drainWaiters;
      this.#drainWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  drained(): Promise<void> {
    if (this.#active === 0 && this.#waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  #pump(): void {
    while (this.#active < this.#limit && this.#waiting.length > 0) {
      this.#active++;
      this.#waiting.shift()?.();
    }
  }
}
