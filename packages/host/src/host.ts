/**
 * The lattice host (seed 002's Host API): joins a lattice on NATS and answers wasmCloud 1.x's control
 * interface (and seed 003's), or, without a NATS URL, runs alone with lattice data in memory. Components are
 * fetched by the `ComponentFetcher` and run by the component runtime (piscina workers, jco).
 *
 * ```ts
 * const host = new Host({ natsUrl: 'nats://127.0.0.1:4222', lattice: 'default' });
 * await host.start();
 * const id = await host.startComponent('./echo.wasm', { id: 'echo' });
 * await host.callActor(id, 'echo', new TextEncoder().encode('hi'));
 * await host.stop();
 * ```
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import {
  type ClaimsMap,
  type CloudEvent,
  type ComponentDescription,
  type ConfigMap,
  type CtlResponse,
  createKey,
  type Host as HostInfo,
  type HostInventory,
  keyFromSeed,
  type Link,
  type RegistryCredentialMap,
  readComponentClaims,
  type SigningKey,
  uptimeHuman,
} from '@trellis/protocol';
import { deriveComponentId } from './components/component-id.ts';
import { createDefaultRuntime } from './components/default-runtime.ts';
import { ComponentManager, type Outcome } from './components/manager.ts';
import type { Fetcher, Runtime } from './components/ports.ts';
import type { HostContext } from './context.ts';
import * as ops from './ctl/lattice-ops.ts';
import { serveCtlV1 } from './ctl/server.ts';
import { HostError } from './errors.ts';
import { type EventListener, EventPublisher } from './events/publisher.ts';
import { createIdentity, type HostIdentity, hostcoreLabels, isHostcoreLabel } from './identity.ts';
import { serveLegacy } from './legacy/server.ts';
import type { Logger } from './log.ts';
import { applyManifest, type ManifestResult } from './manifest.ts';
import { connectHost } from './nats-connection.ts';
import { type HostOptions, type ResolvedOptions, resolveOptions } from './options.ts';
import { RpcServer } from './rpc/server.ts';
import { sortedByKey } from './sorted-by-key.ts';
import { ComponentFetcher } from './sources/index.ts';
import { KvLatticeStore } from './store/kv-store.ts';
import type { LatticeStore } from './store/lattice-store.ts';
import { MemoryLatticeStore } from './store/memory-store.ts';

/** Parts a host can be given instead of building its own (tests, embedding). */
export interface HostParts {
  runtime?: Runtime;
  fetcher?: Fetcher;
  store?: LatticeStore;
}

export interface StartComponentOptions {
  /** Component id; default: the claims subject of signed bytes, else derived from the reference or digest. */
  id?: string;
  /** Image reference to record when starting from bytes. */
  ref?: string;
  /** Max concurrent instances. Default 1. */
  count?: number;
  annotations?: Record<string, string>;
  /** Config names (later override earlier). */
  config?: string[];
  /** `max_execution_time` (ms), `max_memory_limit` (MiB). */
  limits?: Record<string, string>;
}

export type LinkInput = Omit<Link, 'name' | 'source_config' | 'target_config'> &
  Partial<Pick<Link, 'name' | 'source_config' | 'target_config'>>;

type State = 'new' | 'starting' | 'running' | 'stopping' | 'stopped';

export class Host {
  readonly #options: ResolvedOptions;
  readonly #identity: HostIdentity;
  readonly #parts: HostParts;
  readonly #logger: Logger;
  #labels: Record<string, string>;
  #state: State = 'new';
  #startedAt = 0;
  #connection: NatsConnection | undefined;
  #ownsConnection = false;
  #store: LatticeStore | undefined;
  #events: EventPublisher;
  #components: ComponentManager | undefined;
  #runtime: Runtime | undefined;
  #fetcher: Fetcher | undefined;
  #subscriptions: Subscription[] = [];
  #rpc: RpcServer | undefined;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #stopping: Promise<void> | undefined;
  readonly #ociRefs = new Map<string, string>();
  readonly #stopped: Promise<void>;
  #resolveStopped: () => void = () => {};
  readonly #clusterKey: SigningKey;

  constructor(options: HostOptions = {}, parts: HostParts = {}) {
    this.#options = resolveOptions(options);
    this.#identity = createIdentity(this.#options.hostSeed, this.#options.friendlyName);
    this.#parts = parts;
    this.#logger = this.#options.logger.child({ host_id: this.#identity.id });
    this.#labels = sortedByKey({ ...this.#options.labels, ...hostcoreLabels() });
    this.#events = this.#newPublisher(undefined);
    this.#clusterKey = this.#options.clusterSeed
      ? keyFromSeed(this.#options.clusterSeed, 'cluster')
      : createKey('cluster');
    this.#stopped = new Promise((resolve) => {
      this.#resolveStopped = resolve;
    });
  }

  /** The host's public key (N…, 56 characters). */
  get id(): string {
    return this.#identity.id;
  }

  get friendlyName(): string {
    return this.#identity.friendlyName;
  }

  get lattice(): string {
    return this.#options.lattice;
  }

  /** True without a NATS connection: lattice data in memory, nothing on the wire. */
  get singlePlayer(): boolean {
    return this.#options.natsUrl === undefined && this.#options.connection === undefined;
  }

  /** Settles once the host has stopped (after `stop()`, a signal, or a ctl `host.stop`). */
  get stopped(): Promise<void> {
    return this.#stopped;
  }

  /** Connects, opens lattice data, serves the control interface, then emits `host_started`. */
  async start(): Promise<void> {
    if (this.#state !== 'new') throw new HostError('not_running', `host cannot start: it is ${this.#state}`);
    this.#state = 'starting';
    try {
      await this.#start();
    } catch (error) {
      this.#state = 'stopped';
      await this.#teardown();
      this.#resolveStopped();
      throw error;
    }
  }

  async #start(): Promise<void> {
    const o = this.#options;
    if (!this.singlePlayer) {
      this.#connection = o.connection ?? (await connectHost(o, `trellis-host ${this.id}`));
      this.#ownsConnection = o.connection === undefined;
    }
    this.#events = this.#newPublisher(this.#connection);
    this.#store =
      this.#parts.store ??
      (this.#connection
        ? new KvLatticeStore({ connection: this.#connection, lattice: o.lattice, logger: this.#logger })
        : new MemoryLatticeStore());
    await this.#store.start();
    const cacheDir = o.cacheDir ?? join(tmpdir(), 'trellis');
    this.#fetcher =
      this.#parts.fetcher ??
      new ComponentFetcher({ cacheDir: join(cacheDir, 'components'), logger: this.#logger });
    this.#runtime =
      this.#parts.runtime ??
      (await createDefaultRuntime({
        workers: o.workers,
        cacheDir: join(cacheDir, 'transpiled'),
        logger: this.#logger,
      }));
    this.#components = new ComponentManager({
      hostId: this.id,
      runtime: this.#runtime,
      fetcher: this.#fetcher,
      readClaims: readComponentClaims,
      allowedIssuers: o.allowedIssuers,
      store: this.#store,
      events: this.#events,
      logger: this.#logger,
    });
    this.#events.listen((event) => this.#track(event));
    this.#startedAt = Date.now();
    const ctx = this.#context();
    if (this.#connection) {
      this.#subscriptions.push(...serveCtlV1(this.#connection, ctx));
      if (o.legacySubjects) this.#subscriptions.push(...serveLegacy(this.#connection, ctx));
      this.#rpc = new RpcServer({
        connection: this.#connection,
        lattice: o.lattice,
        hostId: this.id,
        clusterIssuers: o.clusterIssuers,
        components: this.#components,
        logger: this.#logger,
      });
      const rpc = this.#rpc;
      const components = this.#components;
      this.#events.listen((event) => {
        if (event.type.endsWith('.component_scaled')) rpc.sync(components.list().map((c) => c.id));
      });
      await this.#connection.flush();
    }
    this.#heartbeat = setInterval(() => {
      this.#events.emit('host_heartbeat', { ...this.inventory() });
    }, o.heartbeatIntervalMs);
    this.#heartbeat.unref();
    this.#state = 'running';
    this.#events.emit('host_started', {
      friendly_name: this.friendlyName,
      labels: this.labels(),
      uptime_seconds: 0,
      version: o.version,
    });
    this.#logger.info('host started', {
      friendly_name: this.friendlyName,
      lattice: o.lattice,
      mode: this.singlePlayer ? 'single-player' : 'lattice',
    });
  }

  /**
   * Graceful stop: no new requests, in-flight calls are answered (up to the drain timeout), components stop,
   * `host_stopped` is published. Safe to call more than once.
   */
  stop(timeoutMs?: number): Promise<void> {
    if (this.#state === 'new') {
      this.#state = 'stopped';
      this.#resolveStopped();
    }
    this.#stopping ??= this.#stop(timeoutMs ?? this.#options.drainTimeoutMs);
    return this.#stopping;
  }

  async #stop(timeoutMs: number): Promise<void> {
    await this.#ready();
    this.#state = 'stopping';
    clearInterval(this.#heartbeat);
    for (const subscription of this.#subscriptions.splice(0)) subscription.unsubscribe();
    this.#rpc?.stop();
    await this.#components?.drain(timeoutMs);
    await this.#components?.stopAll();
    this.#events.emit('host_stopped', { labels: this.labels() });
    await this.#teardown();
    this.#state = 'stopped';
    this.#logger.info('host stopped');
    this.#resolveStopped();
  }

  async #ready(): Promise<void> {
    while (this.#state === 'starting') await new Promise((resolve) => setTimeout(resolve, 10));
  }

  async #teardown(): Promise<void> {
    clearInterval(this.#heartbeat);
    try {
      await this.#runtime?.close();
    } catch (error) {
      this.#logger.warn('closing the component runtime failed', { error });
    }
    await this.#store?.close().catch(() => undefined);
    if (this.#connection) {
      await this.#connection.flush().catch(() => undefined);
      if (this.#ownsConnection) await this.#connection.drain().catch(() => undefined);
    }
  }

  // ------------------------------------------------------------------------------------------------------
  // Host API (seed 002)

  /** Starts a component from a reference or bytes; resolves with its id once it runs (throws if it fails). */
  async startComponent(source: string | Uint8Array, options: StartComponentOptions = {}): Promise<string> {
    const components = this.#running();
    const bytes = typeof source === 'string' ? undefined : source;
    const ref = typeof source === 'string' ? source : (options.ref ?? '');
    const id = options.id ?? deriveComponentId(source);
    const { done } = components.scale({
      componentId: id,
      ref,
      bytes,
      count: options.count ?? 1,
      annotations: options.annotations,
      config: options.config,
      limits: options.limits,
    });
    throwOnFailure(await done, 'start_failed');
    return id;
  }

  /** Seed 002 name for `startComponent`. */
  startActor(source: string | Uint8Array, options: StartComponentOptions = {}): Promise<string> {
    return this.startComponent(source, options);
  }

  /** Stops a component (by id or call alias); stopping one that is not running is not an error. */
  async stopActor(idOrAlias: string): Promise<void> {
    const components = this.#running();
    const id = components.resolve(idOrAlias) ?? idOrAlias;
    await components.scale({ componentId: id, ref: '', count: 0 }).done;
  }

  /** Live update: new calls go to the new code, in-flight ones finish on the old. */
  async updateActor(id: string, source: string | Uint8Array, options: { ref?: string } = {}): Promise<void> {
    const components = this.#running();
    const bytes = typeof source === 'string' ? undefined : source;
    const ref = typeof source === 'string' ? source : (options.ref ?? components.get(id)?.imageRef ?? '');
    const { response, done } = components.update(id, ref, bytes ? { bytes } : {});
    if (!response.success) throw new HostError('not_found', response.message);
    throwOnFailure(await done, 'start_failed');
  }

  /** Calls `operation` on a component running here, by id or call alias. */
  async callActor(
    idOrAlias: string,
    operation: string,
    payload: Uint8Array = new Uint8Array(),
  ): Promise<Uint8Array> {
    return await this.#running().call(idOrAlias, operation, payload);
  }

  /** Puts a link into the lattice (throws `conflict`/`not_found` with the reference's message on refusal). */
  async setLink(link: LinkInput): Promise<void> {
    const full: Link = { name: 'default', source_config: [], target_config: [], ...link };
    const response = await ops.putLink(this.#context(), full);
    throwOnRefusal(response, response.message.startsWith('link already') ? 'conflict' : 'not_found');
  }

  async removeLink(request: {
    source_id: string;
    name?: string;
    wit_namespace: string;
    wit_package: string;
  }): Promise<void> {
    await ops.deleteLink(this.#context(), { name: 'default', ...request });
  }

  async putConfig(name: string, values: ConfigMap): Promise<void> {
    await ops.putConfig(this.#context(), name, values);
  }

  async getConfig(name: string): Promise<ConfigMap | undefined> {
    return this.#requireStore().getConfig(name);
  }

  async deleteConfig(name: string): Promise<void> {
    await ops.deleteConfig(this.#context(), name);
  }

  /** Sets a label (not `hostcore.*`). */
  setLabel(key: string, value: string): void {
    throwOnRefusal(ops.putLabel(this.#context(), key, value), 'invalid_options');
  }

  /** Removes a label (not `hostcore.*`, which only ctl `label.del` removes, as 1.9.2 lets it). */
  removeLabel(key: string): void {
    if (isHostcoreLabel(key)) throw new HostError('invalid_options', ops.HOSTCORE_REFUSAL);
    throwOnRefusal(ops.deleteLabel(this.#context(), key), 'invalid_options');
  }

  /** Applies a manifest (YAML or JSON: labels, components, links); throws naming what it cannot apply. */
  applyManifest(text: string): Promise<ManifestResult> {
    return applyManifest(this, text);
  }

  /** The components running on this host. */
  actors(): ComponentDescription[] {
    return this.#components?.descriptions() ?? [];
  }

  /** Every claim known to the lattice (grow-only), in the claims.get shape. */
  claims(): ClaimsMap[] {
    return this.#store ? ops.claimsList(this.#context()) : [];
  }

  /** The host's labels, sorted. */
  labels(): Record<string, string> {
    return { ...this.#labels };
  }

  /** Every link in the lattice. */
  linkDefinitions(): Link[] {
    return this.#store?.links() ?? [];
  }

  /** Image references seen on this host -> the component's public key (claims subject) or id. Grow-only. */
  ociRefs(): Record<string, string> {
    return Object.fromEntries(this.#ociRefs);
  }

  /** The ping reply of this host (`Host`, §1.4.6). */
  hostInfo(): HostInfo {
    const url = this.#connection ? (this.#options.natsUrl ?? this.#connection.getServer()) : undefined;
    const uptime = this.#uptime();
    const info: HostInfo = {
      friendly_name: this.friendlyName,
      id: this.id,
      labels: this.labels(),
      lattice: this.lattice,
      uptime_human: uptimeHuman(uptime),
      uptime_seconds: uptime,
      version: this.#options.version,
    };
    return url ? { rpc_host: url, ctl_host: url, ...info } : info;
  }

  /** The inventory (`HostInventory`, §1.4.7): also the heartbeat's data. */
  inventory(): HostInventory {
    const uptime = this.#uptime();
    return {
      components: this.actors(),
      providers: [],
      host_id: this.id,
      friendly_name: this.friendlyName,
      labels: this.labels(),
      version: this.#options.version,
      uptime_human: uptimeHuman(uptime),
      uptime_seconds: uptime,
    };
  }

  /** Sees every event this host emits (in single-player mode the only way to see them). */
  onEvent(listener: EventListener): () => void {
    return this.#events.listen(listener);
  }

  /** Registry credentials for OCI pulls (what ctl `registry.put` does). */
  setRegistryCredentials(registries: RegistryCredentialMap): void {
    this.#fetcher?.setCredentials(registries);
  }

  /** The key this host signs outgoing invocations with (`C…` public key). */
  get clusterPublicKey(): string {
    return this.#clusterKey.publicKey;
  }

  // ------------------------------------------------------------------------------------------------------

  #newPublisher(connection: NatsConnection | undefined): EventPublisher {
    const previous = this.#events as EventPublisher | undefined;
    const publisher = new EventPublisher({
      lattice: this.#options.lattice,
      source: this.id,
      legacyEvents: this.#options.legacyEvents,
      logger: this.#logger,
      connection,
    });
    if (previous) publisher.adopt(previous);
    return publisher;
  }

  #track(event: CloudEvent): void {
    if (!event.type.endsWith('.component_scaled')) return;
    const data = event.data as { image_ref?: string; component_id?: string; public_key?: string };
    if (data.image_ref) this.#ociRefs.set(data.image_ref, data.public_key ?? data.component_id ?? '');
  }

  #uptime(): number {
    return this.#startedAt === 0 ? 0 : Math.floor((Date.now() - this.#startedAt) / 1000);
  }

  #running(): ComponentManager {
    if (this.#state !== 'running' || !this.#components) {
      throw new HostError('not_running', `the host is ${this.#state}, not running`);
    }
    return this.#components;
  }

  #requireStore(): LatticeStore {
    if (!this.#store) throw new HostError('not_running', 'the host is not started');
    return this.#store;
  }

  #context(): HostContext {
    const components = this.#components;
    if (!components || !this.#store) throw new HostError('not_running', 'the host is not started');
    return {
      id: this.id,
      lattice: this.lattice,
      friendlyName: this.friendlyName,
      clusterPublicKey: this.#clusterKey.publicKey,
      options: this.#options,
      store: this.#store,
      events: this.#events,
      components,
      logger: this.#logger,
      labels: () => this.labels(),
      setLabel: (key, value) => {
        this.#labels = sortedByKey({ ...this.#labels, [key]: value });
      },
      deleteLabel: (key) => {
        if (!(key in this.#labels)) return false;
        const { [key]: _removed, ...rest } = this.#labels;
        this.#labels = rest;
        return true;
      },
      hostInfo: () => this.hostInfo(),
      inventory: () => this.inventory(),
      uptimeSeconds: () => this.#uptime(),
      requestStop: (timeoutMs) => {
        setImmediate(() => void this.stop(timeoutMs));
      },
      setRegistryCredentials: (registries) => this.setRegistryCredentials(registries),
    };
  }
}

function throwOnFailure(outcome: Outcome, code: 'start_failed'): void {
  if (!outcome.ok) throw new HostError(code, outcome.error ?? 'failed');
}

function throwOnRefusal(response: CtlResponse, code: 'conflict' | 'not_found' | 'invalid_options'): void {
  if (!response.success) throw new HostError(code, response.message);
}
