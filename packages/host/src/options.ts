/**
 * Host options with their defaults, merged once by `resolveOptions`. Without `natsUrl` (and without a
 * `connection`) the host runs in single-player mode: same API, lattice data in memory, nothing on NATS.
 */
import type { NatsConnection } from '@nats-io/nats-core';
import { assertPrefix, assertToken, DEFAULT_CTL_PREFIX, DEFAULT_LATTICE } from '@trellis/protocol';
import { HostError } from './errors.ts';
import { isHostcoreLabel } from './identity.ts';
import { type Logger, silentLogger } from './log.ts';

/** The wasmCloud host version whose control interface this host speaks (reported as `version`). */
export const HOST_VERSION = '1.9.2';
export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
export const DEFAULT_HEARTBEAT_MS = 30_000;
/** How long a graceful stop waits for in-flight calls before tearing components down. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 5_000;

export interface HostOptions {
  /** NATS server URL(s); absent = single-player mode (unless `connection` is given). */
  natsUrl?: string;
  /** An nkey user seed (`SU…`) to authenticate to NATS. */
  natsSeed?: string;
  /** Path of a NATS `.creds` file. */
  natsCreds?: string;
  /** An existing NATS connection to use instead of connecting (the host does not close it). */
  connection?: NatsConnection;
  /** Lattice id. Default `default`. */
  lattice?: string;
  /** User labels; `hostcore.*` keys are refused. */
  labels?: Record<string, string>;
  /** `SN…` seed for a stable host id; generated when absent. */
  hostSeed?: string;
  /** Friendly name; generated when absent. */
  friendlyName?: string;
  /** Heartbeat interval in ms. Default 30 000 (first heartbeat one interval after start). */
  heartbeatIntervalMs?: number;
  /** Worker threads running components. Default: the number of cores. */
  workers?: number;
  /** Where fetched components are cached. Default: the fetcher's default. */
  cacheDir?: string;
  /** Issuers (`A…`) whose signed components may run. Empty = any component, signed or not. */
  allowedIssuers?: string[];
  /**
   * Signers whose invocations are accepted on the RPC subject. Empty (default) = any signer whose
   * signature, URLs and hash verify: anti-forgery without an allow-list.
   */
  clusterIssuers?: string[];
  /** `SC…` seed signing the invocations this host sends; generated when absent. */
  clusterSeed?: string;
  /** Also emit the older (seed 000) event set. Default true. */
  legacyEvents?: boolean;
  /** Answer component and provider auctions. Default true. */
  auctions?: boolean;
  /** Also answer the seed 003 (wasmCloud 0.x) subjects. Default true. */
  legacySubjects?: boolean;
  /** ctl topic prefix. Default `DEFAULT_CTL_PREFIX` of the protocol package. */
  ctlPrefix?: string;
  /** Reported version. Default `HOST_VERSION`. */
  version?: string;
  /** Graceful-stop wait for in-flight calls. Default 5 000 ms. */
  drainTimeoutMs?: number;
  logger?: Logger;
}

export interface ResolvedOptions {
  natsUrl: string | undefined;
  natsSeed: string | undefined;
  natsCreds: string | undefined;
  connection: NatsConnection | undefined;
  lattice: string;
  labels: Record<string, string>;
  hostSeed: string | undefined;
  friendlyName: string | undefined;
  heartbeatIntervalMs: number;
  workers: number | undefined;
  cacheDir: string | undefined;
  allowedIssuers: string[];
  clusterIssuers: string[];
  clusterSeed: string | undefined;
  legacyEvents: boolean;
  auctions: boolean;
  legacySubjects: boolean;
  ctlPrefix: string;
  version: string;
  drainTimeoutMs: number;
  logger: Logger;
}

export function resolveOptions(options: HostOptions = {}): ResolvedOptions {
  const resolved: ResolvedOptions = {
    natsUrl: options.natsUrl,
    natsSeed: options.natsSeed,
    natsCreds: options.natsCreds,
    connection: options.connection,
    lattice: options.lattice ?? DEFAULT_LATTICE,
    labels: { ...options.labels },
    hostSeed: options.hostSeed,
    friendlyName: options.friendlyName,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_MS,
    workers: options.workers,
    cacheDir: options.cacheDir,
    allowedIssuers: [...(options.allowedIssuers ?? [])],
    clusterIssuers: [...(options.clusterIssuers ?? [])],
    clusterSeed: options.clusterSeed,
    legacyEvents: options.legacyEvents ?? true,
    auctions: options.auctions ?? true,
    legacySubjects: options.legacySubjects ?? true,
    ctlPrefix: options.ctlPrefix ?? DEFAULT_CTL_PREFIX,
    version: options.version ?? HOST_VERSION,
    drainTimeoutMs: options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS,
    logger: options.logger ?? silentLogger,
  };
  try {
    assertToken(resolved.lattice, 'lattice');
    assertPrefix(resolved.ctlPrefix, 'ctl topic prefix');
  } catch (cause) {
    throw new HostError('invalid_options', (cause as Error).message, { cause });
  }
  for (const key of Object.keys(resolved.labels)) {
    if (isHostcoreLabel(key)) {
      throw new HostError('invalid_options', `label '${key}': hostcore.* labels are set by the host`);
    }
  }
  if (!(resolved.heartbeatIntervalMs > 0)) {
    throw new HostError('invalid_options', 'heartbeat interval must be a positive number of milliseconds');
  }
  if (resolved.workers !== undefined && !(Number.isInteger(resolved.workers) && resolved.workers > 0)) {
    throw new HostError('invalid_options', 'worker count must be a positive integer');
  }
  return resolved;
}
