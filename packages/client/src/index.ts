export type { ClientConnection, ClientMsg, ClientSubscription } from './connection.ts';
export {
  ClientError,
  type ClientErrorCode,
  HostRefusedError,
  InvocationError,
  isClientError,
  OutcomeFailedError,
  TransportError,
  type TransportErrorCode,
} from './errors.ts';
export { EventStream, type EventStreamOptions } from './event-stream.ts';
export { type CallOptions, clientEntity } from './invoke.ts';
export {
  type Ack,
  type CollectOptions,
  type ComponentAuctionInput,
  type Confirmed,
  type ConfirmOptions,
  componentOf,
  createClient,
  type DeleteLinkInput,
  hostOf,
  LatticeClient,
  type LinkInput,
  type OutcomeEvents,
  type ProviderAuctionInput,
  type RegistriesInput,
  type ScaleComponentInput,
  type StartComponentInput,
  type StartProviderInput,
  type StopComponentInput,
  type StopProviderInput,
  type UpdateComponentInput,
} from './lattice-client.ts';
export { EVENT_TYPE_PREFIX, type LatticeEvent, shortEventName } from './lattice-event.ts';
export { createLegacyClient, type LegacyClientOptions, LegacyLatticeClient } from './legacy-client.ts';
export {
  type ClientOptions,
  DEFAULT_AUCTION_TIMEOUT_MS,
  DEFAULT_TIMEOUT_MS,
  type ResolvedClientOptions,
} from './options.ts';
export type { CallSigner } from './signing-keys.ts';
export type { EventPredicate, WaitForOptions } from './wait-for.ts';
