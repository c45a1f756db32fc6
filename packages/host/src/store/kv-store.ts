/**
 * Lattice data in JetStream KV, as a wasmCloud 1.x host keeps it (§5.2): `LATTICEDATA_{lattice}` holds
 * `COMPONENT_{id}` specifications (links) and `CLAIMS_{subject}`; `CONFIGDATA_{lattice}` holds one JSON
 * string map per config name. Both buckets are created if missing (1 replica, history 1) and watched, so
 * writes made through any host reach every host's cache and survive restarts.
 */
import { type KV, type KvEntry, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { type ConfigMap, kv, type Link } from '@trellis/protocol';
import { HostError } from '../errors.ts';
import type { Logger } from '../log.ts';
import {
  type ComponentSpecification,
  type LatticeStore,
  parseSpec,
  parseStoredClaims,
  type StoreChange,
  type StoredClaims,
} from './lattice-store.ts';

const encoder = new TextEncoder();
const PRIME_TIMEOUT_MS = 10_000;

export interface KvLatticeStoreOptions {
  connection: NatsConnection;
  lattice: string;
  logger: Logger;
}

export class KvLatticeStore implements LatticeStore {
  readonly #options: KvLatticeStoreOptions;
  #lattice: KV | undefined;
  #config: KV | undefined;
  readonly #specs = new Map<string, ComponentSpecification>();
  readonly #claims = new Map<string, StoredClaims>();
  readonly #listeners = new Set<(change: StoreChange) => void>();
  readonly #watchers: { stop(): void }[] = [];

  constructor(options: KvLatticeStoreOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    const kvm = new Kvm(this.#options.connection);
    try {
      this.#lattice = await kvm.create(kv.latticeBucket(this.#options.lattice), { history: 1 });
      this.#config = await kvm.create(kv.configBucket(this.#options.lattice), { history: 1 });
    } catch (cause) {
      throw new HostError('transport', `cannot open the lattice's JetStream KV buckets: ${String(cause)}`, {
        cause,
      });
    }
    await Promise.all([
      this.#watch(this.#lattice, (entry) => this.#onLatticeEntry(entry)),
      this.#watch(this.#config, (entry) => this.#onConfigEntry(entry)),
    ]);
  }

  async close(): Promise<void> {
    for (const watcher of this.#watchers.splice(0)) watcher.stop();
    this.#listeners.clear();
  }

  async getSpec(componentId: string): Promise<ComponentSpecification | undefined> {
    const entry = await this.#bucket('lattice').get(kv.componentKey(componentId));
    if (entry?.operation !== 'PUT') return undefined;
    return parseSpec(safeJson(entry));
  }

  async putSpec(componentId: string, spec: ComponentSpecification): Promise<void> {
    await this.#bucket('lattice').put(kv.componentKey(componentId), encoder.encode(JSON.stringify(spec)));
    this.#specs.set(componentId, structuredClone(spec));
    this.#emit({ kind: 'spec', componentId });
  }

  links(): Link[] {
    return [...this.#specs.values()].flatMap((spec) => structuredClone(spec.links));
  }

  async putClaims(claims: StoredClaims): Promise<void> {
    await this.#bucket('lattice').put(kv.claimsKey(claims.subject), encoder.encode(JSON.stringify(claims)));
    this.#claims.set(claims.subject, structuredClone(claims));
  }

  claims(): StoredClaims[] {
    return [...this.#claims.values()].map((c) => structuredClone(c));
  }

  async getConfig(name: string): Promise<ConfigMap | undefined> {
    const entry = await this.#bucket('config').get(name);
    if (entry?.operation !== 'PUT') return undefined;
    return toConfigMap(safeJson(entry));
  }

  async putConfig(name: string, value: ConfigMap): Promise<void> {
    await this.#bucket('config').put(name, encoder.encode(JSON.stringify(value)));
  }

  async deleteConfig(name: string): Promise<void> {
    await this.#bucket('config').purge(name);
  }

  onChange(listener: (change: StoreChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #bucket(which: 'lattice' | 'config'): KV {
    const bucket = which === 'lattice' ? this.#lattice : this.#config;
    if (!bucket) throw new HostError('not_running', 'the lattice store is not started');
    return bucket;
  }

  /** Starts a watch of every key's last value; resolves once the values present at start were applied. */
  async #watch(bucket: KV, apply: (entry: KvEntry) => void): Promise<void> {
    const { values } = await bucket.status();
    const watcher = await bucket.watch();
    this.#watchers.push(watcher);
    let primed: () => void = () => {};
    const ready = new Promise<void>((resolve) => {
      primed = resolve;
    });
    if (values === 0) primed();
    void (async () => {
      for await (const entry of watcher) {
        try {
          apply(entry);
        } catch (error) {
          this.#options.logger.warn('ignoring an unreadable lattice data entry', { key: entry.key, error });
        }
        if (entry.delta === 0 || entry.delta === undefined) primed();
      }
    })();
    const timer = setTimeout(primed, PRIME_TIMEOUT_MS);
    await ready;
    clearTimeout(timer);
  }

  #onLatticeEntry(entry: KvEntry): void {
    const split = kv.splitKey(entry.key);
    if (!split) return;
    const [kind, id] = split;
    const removed = entry.operation !== 'PUT';
    if (kind === 'COMPONENT') {
      const spec = removed ? undefined : parseSpec(safeJson(entry));
      if (spec) this.#specs.set(id, spec);
      else this.#specs.delete(id);
      this.#emit({ kind: 'spec', componentId: id });
    } else if (kind === 'CLAIMS') {
      const claims = removed ? undefined : parseStoredClaims(safeJson(entry));
      if (claims) this.#claims.set(id, claims);
      else this.#claims.delete(id);
      this.#emit({ kind: 'claims', subject: id });
    }
  }

  #onConfigEntry(entry: KvEntry): void {
    const value = entry.operation === 'PUT' ? toConfigMap(safeJson(entry)) : undefined;
    this.#emit({ kind: 'config', name: entry.key, value });
  }

  #emit(change: StoreChange): void {
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        this.#options.logger.warn('a lattice data listener failed', { error });
      }
    }
  }
}

function safeJson(entry: KvEntry): unknown {
  try {
    return entry.json();
  } catch {
    return undefined;
  }
}

function toConfigMap(value: unknown): ConfigMap | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: ConfigMap = {};
  for (const [key, v] of Object.entries(value)) if (typeof v === 'string') out[key] = v;
  return out;
}
