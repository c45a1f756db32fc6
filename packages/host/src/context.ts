/**
 * What the control-interface handlers (ctl v1 and seed 003) see of the host: one object, built by `Host`,
 * so both interfaces run the same operations.
 */
import type { Host as HostInfo, HostInventory, RegistryCredentialMap } from '@trellis/protocol';
import type { ComponentManager } from './components/manager.ts';
import type { EventPublisher } from './events/publisher.ts';
import type { Logger } from './log.ts';
import type { ResolvedOptions } from './options.ts';
import type { LatticeStore } from './store/lattice-store.ts';

export interface HostContext {
  readonly id: string;
  readonly lattice: string;
  readonly friendlyName: string;
  /** The C… key this host signs invocations with (0.x inventories call it `issuer`). */
  readonly clusterPublicKey: string;
  readonly options: ResolvedOptions;
  readonly store: LatticeStore;
  readonly events: EventPublisher;
  readonly components: ComponentManager;
  readonly logger: Logger;
  /** The labels now, sorted. */
  labels(): Record<string, string>;
  /** Sets a user label; returns the labels after. */
  setLabel(key: string, value: string): void;
  /** Removes a label; false when there was none. */
  deleteLabel(key: string): boolean;
  /** The ping reply for this host. */
  hostInfo(): HostInfo;
  inventory(): HostInventory;
  uptimeSeconds(): number;
  /** Begins a graceful stop after the current reply has gone out. */
  requestStop(timeoutMs?: number): void;
  setRegistryCredentials(registries: RegistryCredentialMap): void;
}
