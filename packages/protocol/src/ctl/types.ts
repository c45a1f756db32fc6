/**
 * ctl v1 (wasmCloud 1.x) request and reply bodies, field names and order exactly as
 * `wasmcloud-control-interface` 2.x (wasmCloud v1.9.2) declares them. Property names are the wire names.
 * Decoding follows serde: missing fields take the serde defaults, aliases are accepted, unknown fields dropped.
 * Reference: wasmcloud-wire-protocol.md §1.4.
 */
import { z } from 'zod';
import { i32, sortedMap, stringMap, u32, u64, wireObject } from '../codec/wire.ts';

const DEFAULT_LINK_NAME = 'default';

/** `P.component.scale.{host}`: scale a component to `count` instances (0 stops it). Alias `max_instances`. */
export const ScaleComponentCommand = wireObject(
  {
    component_ref: z.string().default(''),
    component_id: z.string(),
    annotations: sortedMap().optional(),
    count: u32().default(0),
    /** Keys `max_memory_limit`, `max_execution_time`. */
    component_limits: stringMap().optional(),
    host_id: z.string().default(''),
    /** Names of config entries. */
    config: z.array(z.string()).default([]),
    allow_update: z.boolean().default(false),
  },
  { aliases: { max_instances: 'count' } },
);
export type ScaleComponentCommand = z.output<typeof ScaleComponentCommand>;

/** `P.component.update.{host}`: live-update a component to a new image reference. */
export const UpdateComponentCommand = wireObject({
  component_id: z.string().default(''),
  annotations: sortedMap().optional(),
  host_id: z.string().default(''),
  new_component_ref: z.string().default(''),
});
export type UpdateComponentCommand = z.output<typeof UpdateComponentCommand>;

/** `P.provider.start.{host}`. */
export const StartProviderCommand = wireObject({
  provider_id: z.string(),
  provider_ref: z.string().default(''),
  host_id: z.string().default(''),
  config: z.array(z.string()).default([]),
  annotations: sortedMap().optional(),
});
export type StartProviderCommand = z.output<typeof StartProviderCommand>;

/** `P.provider.stop.{host}`. Alias `provider_ref` for `provider_id`. */
export const StopProviderCommand = wireObject(
  {
    host_id: z.string().default(''),
    provider_id: z.string().default(''),
  },
  { aliases: { provider_ref: 'provider_id' } },
);
export type StopProviderCommand = z.output<typeof StopProviderCommand>;

/** `P.host.stop.{host}`; the body may also be empty. `timeout` in milliseconds. */
export const StopHostCommand = wireObject({
  host_id: z.string().default(''),
  timeout: u64().optional(),
});
export type StopHostCommand = z.output<typeof StopHostCommand>;

/** `P.component.auction`: which hosts can run this component? `constraints` must all match host labels. */
export const ComponentAuctionRequest = wireObject({
  component_ref: z.string().default(''),
  component_id: z.string(),
  constraints: sortedMap(),
});
export type ComponentAuctionRequest = z.output<typeof ComponentAuctionRequest>;

/** A qualifying host's answer to a component auction. */
export const ComponentAuctionAck = wireObject({
  component_ref: z.string().default(''),
  component_id: z.string().default(''),
  host_id: z.string().default(''),
  constraints: sortedMap().default({}),
});
export type ComponentAuctionAck = z.output<typeof ComponentAuctionAck>;

/** `P.provider.auction`. */
export const ProviderAuctionRequest = wireObject({
  provider_ref: z.string().default(''),
  provider_id: z.string(),
  constraints: sortedMap(),
});
export type ProviderAuctionRequest = z.output<typeof ProviderAuctionRequest>;

/** A qualifying host's answer to a provider auction. */
export const ProviderAuctionAck = wireObject({
  host_id: z.string().default(''),
  provider_ref: z.string().default(''),
  provider_id: z.string().default(''),
  constraints: sortedMap().default({}),
});
export type ProviderAuctionAck = z.output<typeof ProviderAuctionAck>;

/** A 1.x link (`InterfaceLinkDefinition`); every field is always written. `name` defaults to "default". */
export const Link = wireObject(
  {
    source_id: z.string(),
    target: z.string(),
    name: z.string().default(DEFAULT_LINK_NAME),
    wit_namespace: z.string(),
    wit_package: z.string(),
    interfaces: z.array(z.string()),
    /** Config names. */
    source_config: z.array(z.string()).default([]),
    target_config: z.array(z.string()).default([]),
  },
  { aliases: { link_name: 'name' } },
);
export type Link = z.output<typeof Link>;

/** `P.link.del`: matches on all four fields. */
export const DeleteInterfaceLinkDefinitionRequest = wireObject(
  {
    source_id: z.string(),
    name: z.string().default(DEFAULT_LINK_NAME),
    wit_namespace: z.string(),
    wit_package: z.string(),
  },
  { aliases: { link_name: 'name' } },
);
export type DeleteInterfaceLinkDefinitionRequest = z.output<typeof DeleteInterfaceLinkDefinitionRequest>;

/** `P.link.get` reply. */
export const LinkList = z.array(Link);
export type LinkList = z.output<typeof LinkList>;

/** `P.host.ping` reply: one per host. No `issuer` in 1.x. */
export const Host = wireObject({
  /** The RPC NATS URL. */
  rpc_host: z.string().optional(),
  ctl_host: z.string().optional(),
  friendly_name: z.string().default(''),
  /** The host's N… public key. */
  id: z.string().default(''),
  js_domain: z.string().optional(),
  labels: sortedMap().default({}),
  lattice: z.string().default(''),
  uptime_human: z.string().optional(),
  uptime_seconds: u64().default(0),
  /** Host version, e.g. `1.9.2`. */
  version: z.string().optional(),
});
export type Host = z.output<typeof Host>;

/** A running component in a `HostInventory`. `limits` is written as `null` when absent (not skipped). */
export const ComponentDescription = wireObject({
  id: z.string().default(''),
  image_ref: z.string().default(''),
  name: z.string().optional(),
  annotations: sortedMap().optional(),
  revision: i32().default(0),
  max_instances: u32().default(0),
  limits: stringMap().nullable().default(null),
});
export type ComponentDescription = z.output<typeof ComponentDescription>;

/** A running provider in a `HostInventory`. */
export const ProviderDescription = wireObject({
  id: z.string().default(''),
  image_ref: z.string().optional(),
  name: z.string().optional(),
  revision: i32().default(0),
  annotations: sortedMap().optional(),
});
export type ProviderDescription = z.output<typeof ProviderDescription>;

/** `P.host.get.{host}` reply (and the `host_heartbeat` event data). Alias `actors` for `components`. */
export const HostInventory = wireObject(
  {
    components: z.array(ComponentDescription),
    providers: z.array(ProviderDescription),
    host_id: z.string().default(''),
    friendly_name: z.string().default(''),
    labels: sortedMap().default({}),
    version: z.string().default(''),
    uptime_human: z.string().default(''),
    uptime_seconds: u64().default(0),
  },
  { aliases: { actors: 'components' } },
);
export type HostInventory = z.output<typeof HostInventory>;

/** One entry of the claims reply: a flat string map (legacy duplicate keys such as `iss`/`issuer` intended). */
export const ClaimsMap = stringMap();
export type ClaimsMap = z.output<typeof ClaimsMap>;

/** `P.claims.get` reply. */
export const ClaimsList = z.array(ClaimsMap);
export type ClaimsList = z.output<typeof ClaimsList>;

/** `P.label.put.{host}` body. */
export const HostLabel = wireObject({ key: z.string(), value: z.string() });
export type HostLabel = z.output<typeof HostLabel>;

/** `P.label.del.{host}` body. */
export const HostLabelIdentifier = wireObject({ key: z.string() });
export type HostLabelIdentifier = z.output<typeof HostLabelIdentifier>;

/** Credentials for one registry. Note the camelCase `registryType` (default "oci"). */
export const RegistryCredential = wireObject({
  password: z.string().optional(),
  token: z.string().optional(),
  username: z.string().optional(),
  registryType: z.string().default('oci'),
});
export type RegistryCredential = z.output<typeof RegistryCredential>;

/** `P.registry.put` body: registry host -> credential. */
export const RegistryCredentialMap = z.record(z.string(), RegistryCredential);
export type RegistryCredentialMap = z.output<typeof RegistryCredentialMap>;

/** `P.config.put.{name}` body and `P.config.get.{name}` reply. */
export const ConfigMap = stringMap();
export type ConfigMap = z.output<typeof ConfigMap>;

/**
 * The reply envelope of every ctl v1 operation. `response` is omitted when absent. A refusal is
 * `success: false` with a `message`; it is a value, not a transport failure. Decoding also reads the host's
 * last-resort `{"success":false,"error":"…"}` (as `message`).
 */
export const CtlResponse = <T extends z.ZodType>(response: T) =>
  wireObject(
    { success: z.boolean(), message: z.string().default(''), response: response.optional() },
    { aliases: { error: 'message' } },
  );
export interface CtlResponse<T = unknown> {
  success: boolean;
  message: string;
  response?: T;
}
