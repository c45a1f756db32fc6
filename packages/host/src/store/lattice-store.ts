/**
 * Lattice data (§5.2 of the wire reference) behind one small interface, so the host runs the same over
 * JetStream KV (`LATTICEDATA_{lattice}`, `CONFIGDATA_{lattice}`) and in memory (single-player mode).
 *
 * Reads of one key (`spec`, `config`) go to the store itself; `links()` and `claims()` come from a cache the
 * store keeps current by watching, so a link put through any host is seen here once the watch delivers it.
 */
import type { ConfigMap, Link } from '@trellis/protocol';

/** `COMPONENT_{id}` in LATTICEDATA: the source of truth for a component's outbound links. */
export interface ComponentSpecification {
  url: string;
  links: Link[];
}

/** `CLAIMS_{subject}` in LATTICEDATA (component claims; field order as the 1.x host writes them). */
export interface StoredClaims {
  call_alias: string;
  issuer: string;
  name: string;
  /** Decimal string. */
  revision: string;
  subject: string;
  tags: string[];
  version: string;
}

export type StoreChange =
  | { kind: 'config'; name: string; value: ConfigMap | undefined }
  | { kind: 'spec'; componentId: string }
  | { kind: 'claims'; subject: string };

export interface LatticeStore {
  /** Opens (creating if missing) and primes the caches: resolves once current data has been read. */
  start(): Promise<void>;
  close(): Promise<void>;
  getSpec(componentId: string): Promise<ComponentSpecification | undefined>;
  putSpec(componentId: string, spec: ComponentSpecification): Promise<void>;
  /** Every link of the lattice, from the watched cache. */
  links(): Link[];
  putClaims(claims: StoredClaims): Promise<void>;
  /** Every stored claim of the lattice (a grow-only view), from the watched cache. */
  claims(): StoredClaims[];
  getConfig(name: string): Promise<ConfigMap | undefined>;
  putConfig(name: string, value: ConfigMap): Promise<void>;
  deleteConfig(name: string): Promise<void>;
  /** Called for every change seen, local or from another host. Returns an unsubscribe function. */
  onChange(listener: (change: StoreChange) => void): () => void;
}

/** Reads `COMPONENT_{id}` JSON tolerantly; `undefined` when it is not a specification. */
export function parseSpec(value: unknown): ComponentSpecification | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { url, links } = value as { url?: unknown; links?: unknown };
  return {
    url: typeof url === 'string' ? url : '',
    links: Array.isArray(links) ? (links as Link[]) : [],
  };
}

/** Reads `CLAIMS_{subject}` tolerantly, accepting the `iss`, `rev`, `sub` aliases and comma-joined tags. */
export function parseStoredClaims(value: unknown): StoredClaims | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const str = (...keys: string[]) => {
    for (const key of keys)
      if (typeof v[key] === 'string' || typeof v[key] === 'number') return String(v[key]);
    return '';
  };
  const tags = Array.isArray(v.tags)
    ? v.tags.map(String)
    : typeof v.tags === 'string' && v.tags !== ''
      ? v.tags.split(',')
      : [];
  const subject = str('subject', 'sub');
  if (subject === '') return undefined;
  return {
    call_alias: str('call_alias'),
    issuer: str('issuer', 'iss'),
    name: str('name'),
    revision: str('revision', 'rev'),
    subject,
    tags,
    version: str('version'),
  };
}
