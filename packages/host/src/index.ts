export { type CliOptions, HELP, parseCli, parseDuration } from './cli-options.ts';
export type { Outcome, RunningComponent, ScaleRequest } from './components/manager.ts';
export type { ClaimsReader, ComponentLimits, Fetcher, Runtime } from './components/ports.ts';
export { HostError, type HostErrorCode, isHostError } from './errors.ts';
export type { EventListener } from './events/publisher.ts';
export { friendlyName } from './friendly-name.ts';
export { Host, type HostParts, type LinkInput, type StartComponentOptions } from './host.ts';
export { hostcoreLabels, isHostcoreLabel } from './identity.ts';
export { createLogger, type Logger, type LoggerOptions, type LogLevel, silentLogger } from './log.ts';
export type { ManifestResult } from './manifest.ts';
export {
  DEFAULT_HEARTBEAT_MS,
  DEFAULT_NATS_URL,
  HOST_VERSION,
  type HostOptions,
  type ResolvedOptions,
  resolveOptions,
} from './options.ts';
export {
  type ComponentSpecification,
  KvLatticeStore,
  type LatticeStore,
  MemoryLatticeStore,
  type StoreChange,
  type StoredClaims,
} from './store/index.ts';
