/**
 * The part of a NATS connection the client uses. `NatsConnection` from `@nats-io/nats-core` satisfies it
 * (TCP from `@nats-io/transport-node`, `wsconnect` in browsers and workerd); unit tests pass an in-memory one.
 * The client never opens or closes a connection itself.
 */

/** A received message: what the client reads of a nats.js `Msg`. */
export interface ClientMsg {
  readonly subject: string;
  readonly data: Uint8Array;
  readonly reply?: string;
}

/** A subscription: an async iterable of messages that ends after `unsubscribe()` or when the connection closes. */
export interface ClientSubscription extends AsyncIterable<ClientMsg> {
  unsubscribe(): void;
}

export interface ClientConnection {
  publish(subject: string, payload?: Uint8Array, options?: { reply?: string }): void;
  subscribe(subject: string): ClientSubscription;
  /** Rejects with nats.js errors (`TimeoutError`, `RequestError` caused by `NoRespondersError`, …). */
  request(subject: string, payload: Uint8Array, options: { timeout: number }): Promise<ClientMsg>;
  /** Resolves once the server has processed everything sent so far. */
  flush(): Promise<void>;
  isClosed(): boolean;
}
