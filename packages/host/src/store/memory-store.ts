/** Lattice data kept in memory: single-player mode and unit tests. Same behaviour as the KV store. */
import type { ConfigMap, Link } from '@trellis/protocol';
import type { ComponentSpecification, LatticeStore, StoreChange, StoredClaims } from './lattice-store.ts';

export class MemoryLatticeStore implements LatticeStore {
  readonly #specs = new Map<string, ComponentSpecification>();
  readonly #claims = new Map<string, StoredClaims>();
  readonly #config = new Map<string, ConfigMap>();
  readonly #listeners = new Set<(change: StoreChange) => void>();

  async start(): Promise<void> {}
  async close(): Promise<void> {
    this.#listeners.clear();
  }

  async getSpec(componentId: string): Promise<ComponentSpecification | undefined> {
    const spec = this.#specs.get(componentId);
    return spec && structuredClone(spec);
  }

  async putSpec(componentId: string, spec: ComponentSpecification): Promise<void> {
    this.#specs.set(componentId, structuredClone(spec));
    this.#emit({ kind: 'spec', componentId });
  }

  links(): Link[] {
    return [...this.#specs.values()].flatMap((spec) => structuredClone(spec.links));
  }

  async putClaims(claims: StoredClaims): Promise<void> {
    this.#claims.set(claims.subject, structuredClone(claims));
    this.#emit({ kind: 'claims', subject: claims.subject });
  }

  claims(): StoredClaims[] {
    return [...this.#claims.values()].map((c) => structuredClone(c));
  }

  async getConfig(name: string): Promise<ConfigMap | undefined> {
    const value = this.#config.get(name);
    return value && { ...value };
  }

  async putConfig(name: string, value: ConfigMap): Promise<void> {
    this.#config.set(name, { ...value });
    this.#emit({ kind: 'config', name, value: { ...value } });
  }

  async deleteConfig(name: string): Promise<void> {
    this.#config.delete(name);
    this.#emit({ kind: 'config', name, value: undefined });
  }

  onChange(listener: (change: StoreChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(change: StoreChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}
