/**
 * The `data` of every lattice event: the 1.x set (wasmCloud v1.9.2, reference §2.2), the older set of seed 000
 * and the RPC events on `rpcevt`. Keys are listed alphabetically, which is how they go on the wire.
 */
import type { HostInventory } from '../ctl/types.ts';

export type StringMap = Record<string, string>;

/** `claims` of `component_scaled` (`format_component_claims`). Without metadata only the first three exist. */
export interface ComponentEventClaims {
  call_alias?: string | null;
  expires_human: string;
  issuer: string;
  name?: string | null;
  not_before_human: string;
  revision?: number | null;
  tags?: string[] | null;
  version?: string | null;
}

/** `claims` of `provider_started` (1.x). */
export interface ProviderEventClaims {
  expires_human: string;
  issuer: string;
  name: string | null;
  not_before_human: string;
  tags: string[] | null;
  version: string | null;
}

export interface HostStartedData {
  friendly_name: string;
  labels: StringMap;
  uptime_seconds: number;
  version: string;
}
export interface HostStoppedData {
  labels: StringMap;
}
export type HostHeartbeatData = HostInventory;

export interface ComponentScaledData {
  annotations: StringMap;
  claims?: ComponentEventClaims;
  component_id: string;
  host_id: string;
  image_ref: string;
  max_instances: number;
  public_key?: string;
}
export interface ComponentScaleFailedData {
  annotations: StringMap;
  component_id: string;
  error: string;
  host_id: string;
  image_ref: string;
  max_instances: number;
  public_key?: string;
}

/** 1.x `provider_started`; with claims it carries `claims`, `instance_id`, `link_name` and `public_key`. */
export interface ProviderStartedData {
  annotations: StringMap;
  claims?: ProviderEventClaims;
  host_id: string;
  image_ref: string;
  instance_id?: string;
  link_name?: string;
  provider_id: string;
  public_key?: string;
}
export interface ProviderStartFailedData {
  error: string;
  host_id: string;
  link_name: string;
  provider_id: string;
  provider_ref: string;
}
export interface ProviderStoppedData {
  annotations: StringMap;
  host_id: string;
  instance_id: string;
  link_name: string;
  provider_id: string;
  public_key: string;
  reason: string;
}
export interface HealthCheckData {
  host_id: string;
  provider_id: string;
}

export interface LinkdefSetData {
  interfaces: string[];
  name: string;
  source_config: string[];
  source_id: string;
  target: string;
  target_config: string[];
  wit_namespace: string;
  wit_package: string;
}
export interface LinkdefSetFailedData extends LinkdefSetData {
  error: string;
}
/** `target` and `interfaces` only when the link existed. */
export interface LinkdefDeletedData {
  interfaces?: string[];
  name: string;
  source_id: string;
  target?: string;
  wit_namespace: string;
  wit_package: string;
}
export interface ConfigEventData {
  config_name: string;
}
export interface LabelsChangedData {
  host_id: string;
  labels: StringMap;
}

// Seed 000: the older event set.

export interface ComponentStartedData {
  annotations: StringMap;
  api_version: string;
  claims: Record<string, unknown>;
  image_ref: string;
  instance_id: string;
  public_key: string;
}
export interface ComponentsStartedData {
  annotations: StringMap;
  claims: Record<string, unknown>;
  count: number;
  host_id: string;
  image_ref: string;
  public_key: string;
}
export interface ComponentStopData {
  annotations: StringMap;
  instance_id: string;
  public_key: string;
}
export interface ComponentsStoppedData {
  annotations: StringMap;
  count: number;
  host_id: string;
  public_key: string;
  remaining: number;
}
export interface ComponentStartFailedData {
  component_ref: string;
  error: string;
}
export interface ComponentsStartFailedData {
  annotations: StringMap;
  error: string;
  host_id: string;
  image_ref: string;
  public_key: string;
}
export interface ComponentUpdatedData {
  instance_id: string;
  public_key: string;
  revision: number;
}
export interface ComponentUpdateFailedData extends ComponentUpdatedData {
  reason: string;
}
export interface RefmapSetData {
  oci_url: string;
  public_key: string;
}
/** Seed 000 provider events are keyed by (public_key, link_name, contract_id). */
export interface LegacyProviderStartedData {
  annotations: StringMap;
  claims: Record<string, unknown>;
  contract_id: string;
  image_ref: string;
  instance_id: string;
  link_name: string;
  public_key: string;
}
export interface LegacyProviderStoppedData {
  annotations: StringMap;
  contract_id: string;
  instance_id: string;
  link_name: string;
  public_key: string;
  reason: string;
}
export interface LegacyProviderStartFailedData {
  error: string;
  link_name: string;
  provider_ref: string;
}
export interface LegacyHealthCheckData {
  contract_id: string;
  link_name: string;
  public_key: string;
}
export interface LegacyLinkdefData {
  component_id: string;
  contract_id: string;
  id: string;
  link_name: string;
  provider_id: string;
  values: StringMap;
}

// RPC events (`rpcevt` subject).

export interface InvocationEntity {
  contract_id: string;
  link_name: string;
  public_key: string;
}
export interface InvocationEventData {
  /** Payload length in bytes. */
  bytes: number;
  dest: InvocationEntity;
  operation: string;
  source: InvocationEntity;
}

/** Event name -> its `data`. Names shared by both eras accept either shape. */
export interface LatticeEventData {
  host_started: HostStartedData;
  host_stopped: HostStoppedData;
  host_heartbeat: HostHeartbeatData;
  component_scaled: ComponentScaledData;
  component_scale_failed: ComponentScaleFailedData;
  provider_started: ProviderStartedData | LegacyProviderStartedData;
  provider_start_failed: ProviderStartFailedData | LegacyProviderStartFailedData;
  provider_stopped: ProviderStoppedData | LegacyProviderStoppedData;
  health_check_passed: HealthCheckData | LegacyHealthCheckData;
  health_check_failed: HealthCheckData | LegacyHealthCheckData;
  health_check_status: HealthCheckData | LegacyHealthCheckData;
  linkdef_set: LinkdefSetData | LegacyLinkdefData;
  linkdef_set_failed: LinkdefSetFailedData;
  linkdef_deleted: LinkdefDeletedData | LegacyLinkdefData;
  config_set: ConfigEventData;
  config_deleted: ConfigEventData;
  labels_changed: LabelsChangedData;
  component_started: ComponentStartedData;
  components_started: ComponentsStartedData;
  component_stopped: ComponentStopData;
  components_stopped: ComponentsStoppedData;
  component_start_failed: ComponentStartFailedData;
  components_start_failed: ComponentsStartFailedData;
  component_updated: ComponentUpdatedData;
  component_update_failed: ComponentUpdateFailedData;
  refmap_set: RefmapSetData;
  invocation_succeeded: InvocationEventData;
  invocation_failed: InvocationEventData;
}

/** Every event name Trellis builds (`com.wasmcloud.lattice.{name}`). */
export type LatticeEventType = keyof LatticeEventData;

/** The 1.x names (what a 1.9.2 host emits on the event subject, one per name). */
export const EVENT_TYPES_V1 = [
  'host_started',
  'host_stopped',
  'host_heartbeat',
  'component_scaled',
  'component_scale_failed',
  'provider_started',
  'provider_start_failed',
  'provider_stopped',
  'health_check_passed',
  'health_check_failed',
  'health_check_status',
  'linkdef_set',
  'linkdef_set_failed',
  'linkdef_deleted',
  'config_set',
  'config_deleted',
  'labels_changed',
] as const satisfies readonly LatticeEventType[];

/** The names only the older set (seed 000) uses. */
export const EVENT_TYPES_SEED_000 = [
  'component_started',
  'components_started',
  'component_stopped',
  'components_stopped',
  'component_start_failed',
  'components_start_failed',
  'component_updated',
  'component_update_failed',
  'refmap_set',
] as const satisfies readonly LatticeEventType[];

/** Events on the RPC event subject. */
export const RPC_EVENT_TYPES = [
  'invocation_succeeded',
  'invocation_failed',
] as const satisfies readonly LatticeEventType[];

/** A type name paired with its data: what every builder returns, ready for `createEvent`. */
export type EventPayload<T extends LatticeEventType = LatticeEventType> = {
  [K in T]: { type: K; data: LatticeEventData[K] };
}[T];
