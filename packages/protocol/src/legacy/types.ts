/**
 * The 0.x control types (seed 003; wasmCloud 0.15-0.82, control-interface 0.31/0.33 and the OTP host), named
 * `Legacy*` so they never clash with the ctl v1 types. Field order follows control-interface 0.33's structs;
 * 0.x maps were HashMaps, so map keys keep the order given. Reference: wasmcloud-wire-protocol.md §3.3-3.4.
 */
import { z } from 'zod';
import { i32, stringMap, u16, u64, wireObject } from '../codec/wire.ts';

/** `P.auction.actor`. */
export const LegacyActorAuctionRequest = wireObject({
  actor_ref: z.string().default(''),
  constraints: stringMap().default({}),
});
export type LegacyActorAuctionRequest = z.output<typeof LegacyActorAuctionRequest>;

/** A qualifying host's (bare) answer to an actor auction. */
export const LegacyActorAuctionAck = wireObject({
  actor_ref: z.string().default(''),
  host_id: z.string().default(''),
  constraints: stringMap().default({}),
});
export type LegacyActorAuctionAck = z.output<typeof LegacyActorAuctionAck>;

/** `P.auction.provider`. */
export const LegacyProviderAuctionRequest = wireObject({
  constraints: stringMap().default({}),
  link_name: z.string().default('default'),
  provider_ref: z.string().default(''),
});
export type LegacyProviderAuctionRequest = z.output<typeof LegacyProviderAuctionRequest>;

/** A qualifying host's (bare) answer to a provider auction. */
export const LegacyProviderAuctionAck = wireObject({
  host_id: z.string().default(''),
  link_name: z.string().default('default'),
  provider_ref: z.string().default(''),
  constraints: stringMap().default({}),
});
export type LegacyProviderAuctionAck = z.output<typeof LegacyProviderAuctionAck>;

/** `P.cmd.{host}.la`: launch `count` instances of an actor (OTP default 1). */
export const LegacyStartActorCommand = wireObject({
  actor_ref: z.string().default(''),
  annotations: stringMap().optional(),
  count: u16().default(1),
  host_id: z.string().default(''),
});
export type LegacyStartActorCommand = z.output<typeof LegacyStartActorCommand>;

/**
 * `P.cmd.{host}.scale`. `count` (alias `max_concurrent`, `max_instances`) is null for "no maximum" and 0 to stop.
 * `actor_id` is what the OTP host keys on; the Rust client did not send it.
 */
export const LegacyScaleActorCommand = wireObject(
  {
    actor_id: z.string().optional(),
    actor_ref: z.string().default(''),
    annotations: stringMap().optional(),
    count: u16().nullable().default(null),
    host_id: z.string().default(''),
  },
  { aliases: { max_concurrent: 'count', max_instances: 'count' } },
);
export type LegacyScaleActorCommand = z.output<typeof LegacyScaleActorCommand>;

/** `P.cmd.{host}.sa`. The OTP handler also wants `count`. */
export const LegacyStopActorCommand = wireObject({
  actor_ref: z.string().default(''),
  annotations: stringMap().optional(),
  count: u16().optional(),
  host_id: z.string().default(''),
});
export type LegacyStopActorCommand = z.output<typeof LegacyStopActorCommand>;

/** `P.cmd.{host}.lp`. `configuration` is an opaque string handed to the provider. */
export const LegacyStartProviderCommand = wireObject({
  annotations: stringMap().optional(),
  configuration: z.string().optional(),
  host_id: z.string().default(''),
  link_name: z.string().default('default'),
  provider_ref: z.string().default(''),
});
export type LegacyStartProviderCommand = z.output<typeof LegacyStartProviderCommand>;

/** `P.cmd.{host}.sp`. Here `provider_ref` is the provider's public key (V…, 56 chars). */
export const LegacyStopProviderCommand = wireObject({
  annotations: stringMap().optional(),
  contract_id: z.string().default(''),
  host_id: z.string().default(''),
  link_name: z.string().default('default'),
  provider_ref: z.string().default(''),
});
export type LegacyStopProviderCommand = z.output<typeof LegacyStopProviderCommand>;

/** `P.cmd.{host}.upd`: live update. */
export const LegacyUpdateActorCommand = wireObject({
  actor_id: z.string().default(''),
  annotations: stringMap().optional(),
  host_id: z.string().default(''),
  new_actor_ref: z.string().default(''),
});
export type LegacyUpdateActorCommand = z.output<typeof LegacyUpdateActorCommand>;

/** `P.cmd.{host}.stop`. `timeout` in ms (OTP default 500). */
export const LegacyStopHostCommand = wireObject({
  host_id: z.string().default(''),
  timeout: u64().optional(),
});
export type LegacyStopHostCommand = z.output<typeof LegacyStopHostCommand>;

/** 0.x link definition. `id` is the OTP host's `linkdefHash`; see `linkdefHash`. */
export const LegacyLinkDefinition = wireObject({
  actor_id: z.string().default(''),
  provider_id: z.string().default(''),
  link_name: z.string().default('default'),
  contract_id: z.string().default(''),
  values: stringMap().default({}),
  id: z.string().optional(),
});
export type LegacyLinkDefinition = z.output<typeof LegacyLinkDefinition>;

/** `P.linkdefs.del`. */
export const LegacyRemoveLinkDefinitionRequest = wireObject({
  actor_id: z.string().default(''),
  contract_id: z.string().default(''),
  link_name: z.string().default('default'),
});
export type LegacyRemoveLinkDefinitionRequest = z.output<typeof LegacyRemoveLinkDefinitionRequest>;

/** The reply to every 0.x command: `{accepted, error}` (`error` is "" when accepted). */
export const LegacyCtlOperationAck = wireObject({
  accepted: z.boolean().default(false),
  error: z.string().default(''),
});
export type LegacyCtlOperationAck = z.output<typeof LegacyCtlOperationAck>;

/** One running instance of an actor. */
export const LegacyActorInstance = wireObject(
  {
    annotations: stringMap().optional(),
    image_ref: z.string().optional(),
    instance_id: z.string().default(''),
    revision: i32().default(0),
    max_concurrent: u16().default(0),
  },
  { aliases: { max_instances: 'max_concurrent' } },
);
export type LegacyActorInstance = z.output<typeof LegacyActorInstance>;

/** An actor in a 0.x inventory. Alias `public_key` for `id`. */
export const LegacyActorDescription = wireObject(
  {
    id: z.string().default(''),
    image_ref: z.string().optional(),
    instances: z.array(LegacyActorInstance).default([]),
    name: z.string().optional(),
  },
  { aliases: { public_key: 'id' } },
);
export type LegacyActorDescription = z.output<typeof LegacyActorDescription>;

/** A provider in a 0.x inventory (OTP also sends `instance_id`). */
export const LegacyProviderDescription = wireObject({
  annotations: stringMap().optional(),
  id: z.string().default(''),
  image_ref: z.string().optional(),
  contract_id: z.string().default(''),
  link_name: z.string().default('default'),
  name: z.string().optional(),
  revision: i32().default(0),
  instance_id: z.string().optional(),
});
export type LegacyProviderDescription = z.output<typeof LegacyProviderDescription>;

/** `P.get.{host}.inv` reply (bare). `issuer` is the cluster public key (C…). */
export const LegacyHostInventory = wireObject({
  actors: z.array(LegacyActorDescription).default([]),
  host_id: z.string().default(''),
  issuer: z.string().default(''),
  friendly_name: z.string().default(''),
  labels: stringMap().default({}),
  providers: z.array(LegacyProviderDescription).default([]),
  version: z.string().optional(),
  uptime_human: z.string().optional(),
  uptime_seconds: u64().optional(),
});
export type LegacyHostInventory = z.output<typeof LegacyHostInventory>;

/** `P.ping.hosts` reply (bare). Aliases: `lattice` (0.33) for `lattice_prefix`, `uptime` (era A). */
export const LegacyHost = wireObject(
  {
    cluster_issuers: z.string().optional(),
    ctl_host: z.string().optional(),
    friendly_name: z.string().default(''),
    id: z.string().default(''),
    js_domain: z.string().optional(),
    labels: stringMap().optional(),
    lattice_prefix: z.string().optional(),
    rpc_host: z.string().optional(),
    uptime_human: z.string().optional(),
    uptime_seconds: u64().default(0),
    version: z.string().optional(),
    /** Sent by the OTP host: the cluster key C…. */
    issuer: z.string().optional(),
    prov_rpc_host: z.string().optional(),
  },
  { aliases: { lattice: 'lattice_prefix', uptime: 'uptime_seconds' } },
);
export type LegacyHost = z.output<typeof LegacyHost>;

/** `P.get.links` reply. */
export const LegacyLinkDefinitionList = wireObject({ links: z.array(LegacyLinkDefinition).default([]) });
export type LegacyLinkDefinitionList = z.output<typeof LegacyLinkDefinitionList>;

/** `P.get.claims` reply. */
export const LegacyClaimsList = wireObject({ claims: z.array(stringMap()).default([]) });
export type LegacyClaimsList = z.output<typeof LegacyClaimsList>;
