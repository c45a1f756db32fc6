/**
 * The components running on this host, and every state change of them: scale (start, resize, stop), live
 * update, config changes, calls. Operations on one component id run one after another; the ctl handlers get
 * their reply message at once (scale and update reply "received"), the outcome comes as events (§1.3).
 */
import { randomUUID } from 'node:crypto';
import type { ComponentClaims, ComponentDescription, CtlResponse } from '@trellis/protocol';
import { ctlError, ctlSuccess } from '@trellis/protocol';
import { HostError, messageOf } from '../errors.ts';
import type { EventPublisher } from '../events/publisher.ts';
import type { Logger } from '../log.ts';
import type { LatticeStore } from '../store/lattice-store.ts';
import { eventClaims, storedClaims } from './claims-data.ts';
import { parseLimits } from './limits.ts';
import type { ClaimsReader, Fetcher, Runtime } from './ports.ts';

export interface ScaleRequest {
  componentId: string;
  /** Image reference: file path, `file://`, `http(s)://` or OCI reference. */
  ref: string;
  /** Bytes to run instead of fetching `ref` (Host API). */
  bytes?: Uint8Array | undefined;
  count: number;
  annotations?: Record<string, string> | undefined;
  config?: string[] | undefined;
  limits?: Record<string, string> | undefined;
  allowUpdate?: boolean | undefined;
}

/** How a scale or update ended; failures were also announced as events. */
export interface Outcome {
  ok: boolean;
  error?: string;
}

export interface RunningComponent {
  id: string;
  imageRef: string;
  maxInstances: number;
  annotations: Record<string, string>;
  limits: Record<string, string> | undefined;
  configNames: string[];
  claims: ComponentClaims | undefined;
  instanceId: string;
  prepared: unknown;
}

export interface ComponentManagerOptions {
  hostId: string;
  runtime: Runtime;
  fetcher: Fetcher;
  readClaims: ClaimsReader;
  allowedIssuers: string[];
  store: LatticeStore;
  events: EventPublisher;
  logger: Logger;
}

export class ComponentManager {
  readonly #o: ComponentManagerOptions;
  readonly #running = new Map<string, RunningComponent>();
  readonly #chains = new Map<string, Promise<unknown>>();
  #inFlight = 0;
  #idle: (() => void)[] = [];
  #unwatch: () => void;

  constructor(options: ComponentManagerOptions) {
    this.#o = options;
    this.#unwatch = options.store.onChange((change) => {
      if (change.kind === 'config') void this.#configChanged(change.name);
    });
  }

  get(id: string): RunningComponent | undefined {
    return this.#running.get(id);
  }

  list(): RunningComponent[] {
    return [...this.#running.values()];
  }

  /** `ComponentDescription`s for inventories and heartbeats, sorted by id. */
  descriptions(): ComponentDescription[] {
    return this.list()
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((c) => {
        const description: ComponentDescription = {
          id: c.id,
          image_ref: c.imageRef,
          annotations: sorted(c.annotations),
          revision: c.claims?.wascap?.rev ?? 0,
          max_instances: c.maxInstances,
          limits: c.limits ?? null,
        };
        if (c.claims?.wascap?.name !== undefined) description.name = c.claims.wascap.name;
        return description;
      });
  }

  /** An id, or a call alias from a running component's claims. */
  resolve(idOrAlias: string): string | undefined {
    if (this.#running.has(idOrAlias)) return idOrAlias;
    for (const c of this.#running.values()) if (c.claims?.wascap?.call_alias === idOrAlias) return c.id;
    return undefined;
  }

  /**
   * Starts the scale and returns the ack message at once ("" or the 1.x warning when the running component
   * keeps its image); `done` settles after the events were emitted.
   */
  scale(request: ScaleRequest): { message: string; done: Promise<Outcome> } {
    const existing = this.#running.get(request.componentId);
    let message = '';
    if (existing && request.ref !== '' && request.ref !== existing.imageRef && !request.allowUpdate) {
      message = `component ${request.componentId} is already running with a different image reference \`${existing.imageRef}\`, scaling will proceed with the existing image reference. To update the image reference, use the update command`;
    }
    const done = this.#serial(request.componentId, () => this.#scale(request));
    return { message, done };
  }

  /** `component.update`: the reply, and the outcome of the update when one was started. */
  update(
    componentId: string,
    newRef: string,
    options: { annotations?: Record<string, string>; bytes?: Uint8Array } = {},
  ): { response: CtlResponse; done: Promise<Outcome> } {
    const existing = this.#running.get(componentId);
    if (!existing) {
      const error = `component ${componentId} not found`;
      return { response: ctlError(error), done: Promise.resolve({ ok: false, error }) };
    }
    if (existing.imageRef === newRef && !options.bytes) {
      return {
        response: ctlSuccess(`component ${componentId} already updated to ${newRef}`),
        done: Promise.resolve({ ok: true }),
      };
    }
    const response = ctlSuccess(`component ${componentId} updating from ${existing.imageRef} to ${newRef}`);
    const done = this.#serial(componentId, () => this.#update(componentId, newRef, options));
    return { response, done };
  }

  /** Calls `operation` on a running component; failures are `HostError('not_found' | 'call_failed')`. */
  async call(idOrAlias: string, operation: string, payload: Uint8Array): Promise<Uint8Array> {
    const id = this.resolve(idOrAlias);
    if (id === undefined)
      throw new HostError('not_found', `component ${idOrAlias} is not running on this host`);
    this.#inFlight++;
    try {
      return await this.#o.runtime.call(id, operation, payload);
    } catch (cause) {
      throw new HostError('call_failed', messageOf(cause), { cause });
    } finally {
      this.#inFlight--;
      if (this.#inFlight === 0) for (const resolve of this.#idle.splice(0)) resolve();
    }
  }

  /** Resolves when no call is in flight, or after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    if (this.#inFlight === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.#idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Stops every component (graceful host stop), emitting the scale-to-zero events. */
  async stopAll(): Promise<void> {
    const ids = [...this.#running.keys()];
    await Promise.all(ids.map((id) => this.scale({ componentId: id, ref: '', count: 0 }).done));
    this.#unwatch();
  }

  #serial<T>(id: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#chains.get(id) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => undefined);
    this.#chains.set(id, settled);
    void settled.then(() => {
      if (this.#chains.get(id) === settled) this.#chains.delete(id);
    });
    return next;
  }

  async #scale(request: ScaleRequest): Promise<Outcome> {
    const id = request.componentId;
    const existing = this.#running.get(id);
    if (request.count === 0) return this.#stop(request, existing);
    if (!existing) return this.#start(request);
    const annotations = request.annotations ?? existing.annotations;
    try {
      const configNames = request.config ?? existing.configNames;
      const config = await this.#resolveConfig(configNames);
      const limits = request.limits ?? existing.limits;
      await this.#o.runtime.deploy({
        componentId: id,
        component: existing.prepared,
        maxInstances: request.count,
        config,
        limits: parseLimits(limits),
      });
      const previous = existing.maxInstances;
      Object.assign(existing, { maxInstances: request.count, annotations, configNames, limits });
      this.#scaled(existing, request.count);
      this.#legacyCountChange(existing, previous, request.count);
    } catch (error) {
      this.#scaleFailed(request, existing.imageRef, error, existing.claims);
      return { ok: false, error: messageOf(error) };
    }
    if (request.ref !== '' && request.ref !== existing.imageRef && request.allowUpdate) {
      return this.#update(id, request.ref, { annotations: request.annotations });
    }
    return { ok: true };
  }

  async #start(request: ScaleRequest): Promise<Outcome> {
    const id = request.componentId;
    let claims: ComponentClaims | undefined;
    try {
      const { prepared, claims: read } = await this.#load(request.ref, request.bytes);
      claims = read;
      const configNames = request.config ?? [];
      const config = await this.#resolveConfig(configNames);
      await this.#o.runtime.deploy({
        componentId: id,
        component: prepared,
        maxInstances: request.count,
        config,
        limits: parseLimits(request.limits),
      });
      const running: RunningComponent = {
        id,
        imageRef: request.ref,
        maxInstances: request.count,
        annotations: request.annotations ?? {},
        limits: request.limits,
        configNames,
        claims,
        instanceId: randomUUID(),
        prepared,
      };
      this.#running.set(id, running);
      // Like 1.9.2: once from start_component, once at the end of the scale task.
      this.#scaled(running, request.count);
      this.#legacyStarted(running, request.count);
      this.#scaled(running, request.count);
      return { ok: true };
    } catch (error) {
      this.#scaleFailed(request, request.ref, error, claims);
      this.#o.events.emitLegacy('component_start_failed', {
        component_ref: request.ref,
        error: messageOf(error),
      });
      return { ok: false, error: messageOf(error) };
    }
  }

  async #stop(request: ScaleRequest, existing: RunningComponent | undefined): Promise<Outcome> {
    if (existing) {
      try {
        await this.#o.runtime.remove(existing.id);
      } catch (error) {
        this.#o.logger.warn('removing a component failed', { component_id: existing.id, error });
      }
      this.#running.delete(existing.id);
      this.#legacyCountChange(existing, existing.maxInstances, 0);
    }
    const stopped: RunningComponent = existing ?? {
      id: request.componentId,
      imageRef: request.ref,
      maxInstances: 0,
      annotations: request.annotations ?? {},
      limits: undefined,
      configNames: [],
      claims: undefined,
      instanceId: '',
      prepared: undefined,
    };
    this.#scaled({ ...stopped, annotations: request.annotations ?? stopped.annotations }, 0);
    return { ok: true };
  }

  async #update(
    id: string,
    newRef: string,
    options: { annotations?: Record<string, string> | undefined; bytes?: Uint8Array | undefined },
  ): Promise<Outcome> {
    const existing = this.#running.get(id);
    if (!existing) return { ok: false, error: `component ${id} not found` };
    try {
      const { prepared, claims } = await this.#load(newRef, options.bytes);
      const config = await this.#resolveConfig(existing.configNames);
      await this.#o.runtime.deploy({
        componentId: id,
        component: prepared,
        maxInstances: existing.maxInstances,
        config,
        limits: parseLimits(existing.limits),
      });
      const old = { ...existing };
      Object.assign(existing, {
        imageRef: newRef,
        prepared,
        claims,
        annotations: options.annotations ?? existing.annotations,
      });
      this.#scaled(existing, existing.maxInstances);
      this.#scaled(old, 0);
      this.#o.events.emitLegacy('component_updated', {
        public_key: publicKey(existing),
        revision: existing.claims?.wascap?.rev ?? 0,
        instance_id: existing.instanceId,
      });
      return { ok: true };
    } catch (error) {
      this.#scaleFailed(
        { componentId: id, ref: newRef, count: existing.maxInstances, annotations: existing.annotations },
        newRef,
        error,
        existing.claims,
      );
      this.#o.events.emitLegacy('component_update_failed', {
        public_key: publicKey(existing),
        revision: existing.claims?.wascap?.rev ?? 0,
        instance_id: existing.instanceId,
        reason: messageOf(error),
      });
      return { ok: false, error: messageOf(error) };
    }
  }

  /** Fetches (or takes) the bytes, verifies claims, stores them, prepares the component. */
  async #load(
    ref: string,
    bytes: Uint8Array | undefined,
  ): Promise<{ prepared: unknown; claims?: ComponentClaims }> {
    let wasm = bytes;
    if (!wasm) {
      if (ref === '') throw new HostError('malformed', 'a component reference is required');
      wasm = (await this.#o.fetcher.fetch(ref)).bytes;
    }
    let claims: ComponentClaims | undefined;
    try {
      const issuers = this.#o.allowedIssuers;
      claims = await this.#o.readClaims(wasm, issuers.length > 0 ? { allowedIssuers: issuers } : {});
    } catch (cause) {
      throw new HostError('claims', `failed to verify component claims: ${messageOf(cause)}`, { cause });
    }
    if (!claims && this.#o.allowedIssuers.length > 0) {
      throw new HostError(
        'claims',
        'component is not signed and this host only runs components of allowed issuers',
      );
    }
    if (claims) await this.#o.store.putClaims(storedClaims(claims));
    const prepared = await this.#o.runtime.prepare(wasm);
    return claims ? { prepared, claims } : { prepared };
  }

  /** Merges the named configs in order (later names override earlier keys); a missing name is an error. */
  async #resolveConfig(names: string[]): Promise<Record<string, string>> {
    const merged: Record<string, string> = {};
    for (const name of names) {
      if (name.startsWith('SECRET')) {
        throw new HostError(
          'unsupported',
          `Secret reference ${name} cannot be resolved: this host has no secrets backend`,
        );
      }
      const value = await this.#o.store.getConfig(name);
      if (!value) throw new HostError('not_found', `Configuration ${name} not found in config store`);
      Object.assign(merged, value);
    }
    return merged;
  }

  async #configChanged(name: string): Promise<void> {
    for (const component of this.#running.values()) {
      if (!component.configNames.includes(name)) continue;
      const merged: Record<string, string> = {};
      for (const n of component.configNames) Object.assign(merged, (await this.#o.store.getConfig(n)) ?? {});
      try {
        await this.#o.runtime.setConfig(component.id, merged);
      } catch (error) {
        this.#o.logger.warn('could not deliver changed config', { component_id: component.id, error });
      }
    }
  }

  #scaled(component: RunningComponent, maxInstances: number): void {
    const data: Record<string, unknown> = {
      annotations: sorted(component.annotations),
      component_id: component.id,
      host_id: this.#o.hostId,
      image_ref: component.imageRef,
      max_instances: maxInstances,
    };
    if (component.claims) {
      data.claims = eventClaims(component.claims);
      data.public_key = component.claims.sub;
    }
    this.#o.events.emit('component_scaled', data);
  }

  #scaleFailed(
    request: ScaleRequest,
    imageRef: string,
    error: unknown,
    claims: ComponentClaims | undefined,
  ): void {
    this.#o.logger.warn('component scale failed', { component_id: request.componentId, error });
    const data: Record<string, unknown> = {
      annotations: sorted(request.annotations ?? {}),
      component_id: request.componentId,
      error: messageOf(error),
      host_id: this.#o.hostId,
      image_ref: imageRef,
      max_instances: request.count,
    };
    if (claims) data.public_key = claims.sub;
    this.#o.events.emit('component_scale_failed', data);
  }

  #legacyStarted(component: RunningComponent, count: number): void {
    const claims = component.claims ? eventClaims(component.claims) : {};
    this.#o.events.emitLegacy('component_started', {
      annotations: sorted(component.annotations),
      api_version: 0,
      claims,
      image_ref: component.imageRef,
      instance_id: component.instanceId,
      public_key: publicKey(component),
    });
    this.#o.events.emitLegacy('components_started', {
      annotations: sorted(component.annotations),
      claims,
      count,
      host_id: this.#o.hostId,
      image_ref: component.imageRef,
      public_key: publicKey(component),
    });
  }

  #legacyCountChange(component: RunningComponent, before: number, after: number): void {
    if (after > before) {
      this.#o.events.emitLegacy('components_started', {
        annotations: sorted(component.annotations),
        claims: component.claims ? eventClaims(component.claims) : {},
        count: after - before,
        host_id: this.#o.hostId,
        image_ref: component.imageRef,
        public_key: publicKey(component),
      });
    } else if (after < before) {
      if (after === 0) {
        this.#o.events.emitLegacy('component_stopped', {
          annotations: sorted(component.annotations),
          instance_id: component.instanceId,
          public_key: publicKey(component),
        });
      }
      this.#o.events.emitLegacy('components_stopped', {
        annotations: sorted(component.annotations),
        count: before - after,
        host_id: this.#o.hostId,
        public_key: publicKey(component),
        remaining: after,
      });
    }
  }
}

/** The M… key from claims when signed, else the component id (1.x components need not be signed). */
function publicKey(component: RunningComponent): string {
  return component.claims?.sub ?? component.id;
}

function sorted(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(map).sort()) out[key] = map[key] as string;
  return out;
}
