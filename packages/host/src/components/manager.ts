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
import { sortedByKey } from '../sorted-by-key.ts';
import type { LatticeStore } from '../store/lattice-store.ts';
import { storedClaims } from './claims-data.ts';
import { ComponentEvents } from './component-events.ts';
import { currentConfig, resolveConfig } from './config-bundle.ts';
import { limitsMap, parseLimits } from './limits.ts';
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
  /** The `host_id` events carry: 1.9.2 puts the command's `host_id` there. Default: this host's id. */
  hostId?: string | undefined;
}

export interface UpdateOptions {
  /** The new instance's annotations; without them it has none (as 1.9.2). */
  annotations?: Record<string, string> | undefined;
  /** Bytes to run instead of fetching the new reference (Host API). */
  bytes?: Uint8Array | undefined;
  /** The `host_id` events carry (the command's); default this host's id. */
  hostId?: string | undefined;
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
  readonly #announce: ComponentEvents;
  readonly #running = new Map<string, RunningComponent>();
  readonly #chains = new Map<string, Promise<unknown>>();
  #inFlight = 0;
  #idle: (() => void)[] = [];
  #unwatch: () => void;

  constructor(options: ComponentManagerOptions) {
    this.#o = options;
    this.#announce = new ComponentEvents(options.events, options.hostId);
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
          annotations: sortedByKey(c.annotations),
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
   * Starts the scale and returns the ack message at once: "" or, when the component runs from another image
   * reference, 1.9.2's warning (with `allowUpdate`, the update follows the scale); `done` settles after the
   * events were emitted.
   */
  scale(request: ScaleRequest): { message: string; done: Promise<Outcome> } {
    const existing = this.#running.get(request.componentId);
    const refChanged = existing !== undefined && existing.imageRef !== request.ref;
    let message = '';
    if (existing && refChanged) {
      message = request.allowUpdate
        ? `Requested to scale existing component, with a changed image reference: ${existing.imageRef} != ${request.ref}. The component will be scaled, and the image reference will be updated afterwards.`
        : `Requested to scale existing component to a different image reference: ${existing.imageRef} != ${request.ref}. The component will be scaled but the image reference will not be updated. If you meant to update this component to a new image ref, use the update command.`;
    }
    const update = refChanged && request.allowUpdate === true;
    const done = this.#serial(request.componentId, () => this.#scale(request, update));
    return { message, done };
  }

  /** `component.update`: the reply, and the outcome of the update when one was started. */
  update(
    componentId: string,
    newRef: string,
    options: UpdateOptions = {},
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

  /**
   * Stops every component (graceful host stop). 1.9.2 publishes no `component_scaled` then (only
   * `host_stopped` follows); the older event set still says each one stopped.
   */
  async stopAll(): Promise<void> {
    const ids = [...this.#running.keys()];
    await Promise.all(ids.map((id) => this.#serial(id, () => this.#remove(id))));
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

  async #scale(request: ScaleRequest, updateAfter: boolean): Promise<Outcome> {
    const existing = this.#running.get(request.componentId);
    if (request.count === 0) return this.#stop(request, existing);
    if (!existing) return this.#start(request);
    const scaled = await this.#resize(request, existing);
    if (!scaled.ok || !updateAfter) return scaled;
    // 1.9.2 updates without the scale's annotations (they become empty).
    return this.#update(request.componentId, request.ref, { hostId: request.hostId });
  }

  /**
   * A running component to another count. As 1.9.2: only a changed count or config list makes a new instance
   * (which takes the request's annotations, limits and config); the event shows the state before.
   */
  async #resize(request: ScaleRequest, existing: RunningComponent): Promise<Outcome> {
    const before = { ...existing };
    const configNames = request.config ?? existing.configNames;
    const configChanged = !sameList(configNames, existing.configNames);
    if (request.count !== existing.maxInstances || configChanged) {
      try {
        const config = configChanged
          ? await resolveConfig(this.#o.store, configNames)
          : await currentConfig(this.#o.store, configNames);
        const limits = limitsMap(request.limits);
        await this.#o.runtime.deploy({
          componentId: existing.id,
          component: existing.prepared,
          maxInstances: request.count,
          config,
          limits: parseLimits(limits),
        });
        Object.assign(existing, {
          maxInstances: request.count,
          annotations: request.annotations ?? {},
          configNames,
          limits,
        });
      } catch (error) {
        this.#scaleFailed(request, error, existing.claims);
        return { ok: false, error: messageOf(error) };
      }
    }
    this.#announce.scaled(before, request.count, this.#eventHost(request));
    this.#announce.countChanged(existing, before.maxInstances, request.count);
    return { ok: true };
  }

  /**
   * A component not running yet, in 1.9.2's order: fetch, claims (a failure ends it here), config (checked
   * even when the fetch failed, and reported first), then start. `component_scaled` twice: once from the
   * start itself (this host's id), once at the end of the scale (the request's host id).
   */
  async #start(request: ScaleRequest): Promise<Outcome> {
    const id = request.componentId;
    const failed = (error: unknown, claims?: ComponentClaims) => {
      this.#scaleFailed(request, error, claims);
      this.#announce.startFailed(request.ref, error);
      return { ok: false, error: messageOf(error) };
    };
    let wasm: Uint8Array | undefined;
    let fetchError: unknown;
    try {
      wasm = await this.#fetch(request.ref, request.bytes);
    } catch (error) {
      fetchError = error;
    }
    let claims: ComponentClaims | undefined;
    if (wasm) {
      try {
        claims = await this.#verify(wasm);
      } catch (error) {
        return failed(error);
      }
    }
    try {
      const configNames = request.config ?? [];
      const config = await resolveConfig(this.#o.store, configNames);
      if (!wasm) throw fetchError;
      if (claims) await this.#o.store.putClaims(storedClaims(claims));
      const prepared = await this.#o.runtime.prepare(wasm);
      const limits = limitsMap(request.limits);
      await this.#o.runtime.deploy({
        componentId: id,
        component: prepared,
        maxInstances: request.count,
        config,
        limits: parseLimits(limits),
      });
      const running: RunningComponent = {
        id,
        imageRef: request.ref,
        maxInstances: request.count,
        annotations: request.annotations ?? {},
        limits,
        configNames,
        claims,
        instanceId: randomUUID(),
        prepared,
      };
      this.#running.set(id, running);
      this.#announce.scaled(running, request.count, this.#o.hostId);
      this.#announce.started(running, request.count);
      this.#announce.scaled(running, request.count, this.#eventHost(request));
      return { ok: true };
    } catch (error) {
      return failed(error, claims);
    }
  }

  /** Scale to zero: the event carries the running component's own annotations and image reference. */
  async #stop(request: ScaleRequest, existing: RunningComponent | undefined): Promise<Outcome> {
    if (existing) await this.#remove(existing.id);
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
    this.#announce.scaled(stopped, 0, this.#eventHost(request));
    return { ok: true };
  }

  /** Takes a component out of the runtime and the table; only the older event set hears of it. */
  async #remove(id: string): Promise<void> {
    const existing = this.#running.get(id);
    if (!existing) return;
    try {
      await this.#o.runtime.remove(id);
    } catch (error) {
      this.#o.logger.warn('removing a component failed', { component_id: id, error });
    }
    this.#running.delete(id);
    this.#announce.countChanged(existing, existing.maxInstances, 0);
  }

  /**
   * Live update, as 1.9.2's update task: the new instance takes the given annotations (else none) and keeps
   * count, limits and config. Two `component_scaled` follow, both with the new instance's data: its count,
   * then 0 (1.9.2 announces the replaced instance's stop that way). A failure publishes no 1.x event.
   */
  async #update(id: string, newRef: string, options: UpdateOptions): Promise<Outcome> {
    const existing = this.#running.get(id);
    if (!existing) return { ok: false, error: `component ${id} not found` };
    if (existing.imageRef === newRef && !options.bytes) return { ok: true };
    try {
      const wasm = await this.#fetch(newRef, options.bytes);
      const claims = await this.#verify(wasm);
      if (claims) await this.#o.store.putClaims(storedClaims(claims));
      const prepared = await this.#o.runtime.prepare(wasm);
      await this.#o.runtime.deploy({
        componentId: id,
        component: prepared,
        maxInstances: existing.maxInstances,
        config: await currentConfig(this.#o.store, existing.configNames),
        limits: parseLimits(existing.limits),
      });
      Object.assign(existing, {
        imageRef: newRef,
        prepared,
        claims,
        annotations: options.annotations ?? {},
      });
      const hostId = options.hostId ?? this.#o.hostId;
      this.#announce.scaled(existing, existing.maxInstances, hostId);
      this.#announce.scaled(existing, 0, hostId);
      this.#announce.updated(existing);
      return { ok: true };
    } catch (error) {
      this.#o.logger.warn('component update failed', { component_id: id, error });
      this.#announce.updateFailed(existing, error);
      return { ok: false, error: messageOf(error) };
    }
  }

  /** The bytes to run: given, or fetched ("failed to fetch component: …" as 1.9.2's context says). */
  async #fetch(ref: string, bytes: Uint8Array | undefined): Promise<Uint8Array> {
    if (bytes) return bytes;
    try {
      if (ref === '') throw new HostError('malformed', 'a component reference is required');
      return (await this.#o.fetcher.fetch(ref)).bytes;
    } catch (cause) {
      throw new HostError('start_failed', `failed to fetch component: ${messageOf(cause)}`, { cause });
    }
  }

  /** Verifies embedded claims (and the issuer allow-list); `undefined` for an unsigned component. */
  async #verify(wasm: Uint8Array): Promise<ComponentClaims | undefined> {
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
    return claims;
  }

  #eventHost(request: ScaleRequest): string {
    return request.hostId ?? this.#o.hostId;
  }

  async #configChanged(name: string): Promise<void> {
    for (const component of this.#running.values()) {
      if (!component.configNames.includes(name)) continue;
      const merged = await currentConfig(this.#o.store, component.configNames);
      try {
        await this.#o.runtime.setConfig(component.id, merged);
      } catch (error) {
        this.#o.logger.warn('could not deliver changed config', { component_id: component.id, error });
      }
    }
  }

  /** Logs a failed scale and publishes `component_scale_failed` for it. */
  #scaleFailed(request: ScaleRequest, error: unknown, claims: ComponentClaims | undefined): void {
    this.#o.logger.warn('component scale failed', { component_id: request.componentId, error });
    this.#announce.scaleFailed(request, this.#eventHost(request), error, claims);
  }
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
