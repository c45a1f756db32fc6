/**
 * Publishes the host's CloudEvents on `{evt prefix}.{lattice}.{type}` (and lets in-process listeners see them,
 * which is how single-player mode and the Host API observe events). Events leave in the order they are
 * emitted: one connection, publishes never reordered. The older (seed 000) set is sent only when enabled.
 */
import type { NatsConnection } from '@nats-io/nats-core';
import {
  type CloudEvent,
  createEvent,
  type EventInit,
  encodeEvent,
  eventSubject,
  type LatticeEventType,
} from '@trellis/protocol';
import type { Logger } from '../log.ts';

export type EventListener = (event: CloudEvent) => void;

export interface EventPublisherOptions {
  lattice: string;
  source: string;
  legacyEvents: boolean;
  logger: Logger;
  connection?: Pick<NatsConnection, 'publish'> | undefined;
}

export class EventPublisher {
  readonly #options: EventPublisherOptions;
  readonly #listeners = new Set<EventListener>();

  constructor(options: EventPublisherOptions) {
    this.#options = options;
  }

  /** Emits a 1.x event (§2.2). `data` keys are sorted by the envelope builder, as the 1.x host writes them. */
  emit(type: string, data: Record<string, unknown>): void {
    // Data is built by the host's modules in wire shape; the typed builders' union is not needed here.
    const init = { type, source: this.#options.source, data } as unknown as EventInit<LatticeEventType>;
    const event: CloudEvent = createEvent(init);
    this.#options.logger.debug('event', { type });
    const connection = this.#options.connection;
    if (connection) {
      try {
        connection.publish(eventSubject(this.#options.lattice, type), encodeEvent(event));
      } catch (error) {
        this.#options.logger.warn('could not publish an event', { type, error });
      }
    }
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#options.logger.warn('an event listener failed', { type, error });
      }
    }
  }

  /** Emits an event of the older set (seed 000), only when the host is configured to. */
  emitLegacy(type: string, data: Record<string, unknown>): void {
    if (this.#options.legacyEvents) this.emit(type, data);
  }

  /** Takes over the listeners of `other` (the host swaps publishers when it connects). */
  adopt(other: EventPublisher): void {
    for (const listener of other.#listeners) this.#listeners.add(listener);
  }

  /** Sees every event this host emits. Returns an unsubscribe function. */
  listen(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
