export {
  type CloudEvent,
  createEvent,
  EVENT_TYPE_PREFIX,
  type EventInit,
  encodeEvent,
  eventName,
  parseEvent,
  sortDeep,
} from './cloud-event.ts';
export { claimTime, componentScaled, componentScaleFailed } from './component-events.ts';
export { createEventIdGenerator, type EventIdGenerator, eventIdTime, newEventId } from './event-id.ts';
export { hostHeartbeat, hostStarted, hostStopped, labelsChanged } from './host-events.ts';
export {
  configDeleted,
  configSet,
  linkdefDeleted,
  linkdefSet,
  linkdefSetFailed,
} from './link-config-events.ts';
export {
  componentStarted,
  componentStartFailed,
  componentStopped,
  componentsStarted,
  componentsStartFailed,
  componentsStopped,
  componentUpdated,
  componentUpdateFailed,
  legacyHealthCheck,
  legacyLinkdefDeleted,
  legacyLinkdefSet,
  legacyProviderStarted,
  legacyProviderStartFailed,
  legacyProviderStopped,
  refmapSet,
} from './older-events.ts';
export {
  type HealthCheckEvent,
  healthCheck,
  providerStarted,
  providerStartFailed,
  providerStopped,
} from './provider-events.ts';
export { invocationFailed, invocationSucceeded } from './rpc-events.ts';
export {
  type ComponentEventClaims,
  EVENT_TYPES_SEED_000,
  EVENT_TYPES_V1,
  type EventPayload,
  type LatticeEventData,
  type LatticeEventType,
  type ProviderEventClaims,
  RPC_EVENT_TYPES,
} from './types.ts';
