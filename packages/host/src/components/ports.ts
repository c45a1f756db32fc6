/**
 * What the component manager needs from the runtime (piscina + jco) and the fetcher (file, http, OCI), as
 * small interfaces: the host wires the real `ComponentRuntime` and `ComponentFetcher` in; nothing else here
 * knows how components are fetched or run.
 */
import type { ComponentClaims, RegistryCredentialMap } from '@trellis/protocol';

export interface FetchedComponent {
  bytes: Uint8Array;
  digest: string;
}

export interface Fetcher {
  fetch(ref: string): Promise<FetchedComponent>;
  setCredentials(registries: RegistryCredentialMap): void;
}

export interface DeploySpec<P> {
  componentId: string;
  component: P;
  maxInstances: number;
  config?: Record<string, string>;
  limits?: ComponentLimits;
}

export interface ComponentLimits {
  /** Milliseconds a call may run. */
  maxExecutionTimeMs?: number;
  /** Bytes of linear memory an instance may use. */
  maxMemoryBytes?: number;
}

export interface Runtime<P = unknown> {
  prepare(bytes: Uint8Array): Promise<P>;
  deploy(spec: DeploySpec<P>): Promise<void>;
  setConfig(componentId: string, config: Record<string, string>): Promise<void> | void;
  call(componentId: string, operation: string, payload: Uint8Array): Promise<Uint8Array>;
  remove(componentId: string): Promise<void>;
  close(): Promise<void>;
}

/** Reads and verifies embedded claims; `undefined` for an unsigned component. Throws on bad claims. */
export type ClaimsReader = (
  bytes: Uint8Array,
  options: { allowedIssuers?: readonly string[] },
) => ComponentClaims | undefined | Promise<ComponentClaims | undefined>;
