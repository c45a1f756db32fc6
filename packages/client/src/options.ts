import { DEFAULT_CTL_PREFIX, DEFAULT_EVT_PREFIX, DEFAULT_LATTICE } from '@trellis/protocol';

/** How a client reaches its lattice. Every field is optional; `resolveOptions` fills the defaults once. */
export interface ClientOptions {
  /** Lattice id (one NATS token). Default `default`. */
  lattice?: string;
  /** ctl topic prefix. Default `DEFAULT_CTL_PREFIX` of @trellis/protocol. */
  topicPrefix?: string;
  /** Event subject prefix. Default `DEFAULT_EVT_PREFIX` of @trellis/protocol. */
  eventPrefix?: string;
  /** Request/reply timeout in ms. Default 2000 (as wasmCloud's client). */
  timeoutMs?: number;
  /** How long scatter-gather operations (host ping, auctions) collect replies, in ms. Default 5000. */
  auctionTimeoutMs?: number;
}

export type ResolvedClientOptions = Required<ClientOptions>;

export const DEFAULT_TIMEOUT_MS = 2000;
export const DEFAULT_AUCTION_TIMEOUT_MS = 5000;

export function resolveOptions(options: ClientOptions = {}): ResolvedClientOptions {
  return {
    lattice: options.lattice ?? DEFAULT_LATTICE,
    topicPrefix: options.topicPrefix ?? DEFAULT_CTL_PREFIX,
    eventPrefix: options.eventPrefix ?? DEFAULT_EVT_PREFIX,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    auctionTimeoutMs: options.auctionTimeoutMs ?? DEFAULT_AUCTION_TIMEOUT_MS,
  };
}
