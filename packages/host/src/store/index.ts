export { KvLatticeStore, type KvLatticeStoreOptions } from './kv-store.ts';
export type { ComponentSpecification, LatticeStore, StoreChange, StoredClaims } from './lattice-store.ts';
export { MemoryLatticeStore } from './memory-store.ts';
