/**
 * Gets a component's bytes from wherever its reference points: a file, an http(s) URL or an OCI registry
 * (credentials from `registry.put`). Remote bytes are cached on disk by content hash with a reference index,
 * so a reference fetched once is served again without network, even after a restart. References are taken
 * as immutable once fetched (a re-pushed tag is not seen) unless `refresh` is asked for; files are read
 * every time and not cached.
 */
import { readFile } from 'node:fs/promises';
import {
  formatReference,
  isOciError,
  type OciReference,
  pullComponent,
  type RegistryCredential,
  registryHostname,
} from '@trellis/oci';
import { type Logger, silentLogger } from '../log.ts';
import { BlobCache, sha256Hex } from './blob-cache.ts';
import { classifyReference } from './classify.ts';
import { SourceError } from './errors.ts';

export type { RegistryCredential };

export interface ComponentFetcherOptions {
  /** Directory for `blobs/sha256/{hex}` and the reference index; created on first write. */
  cacheDir: string;
  logger?: Logger;
  /** Registries (`host` or `host:port`) reached over plain http; loopback registries always are. */
  allowInsecureRegistries?: string[];
  /** The fetch used for http and OCI; default `globalThis.fetch`. */
  fetch?: typeof fetch;
}

export interface FetchedComponent {
  bytes: Uint8Array;
  /** sha256 hex of `bytes` (no `sha256:` prefix). */
  digest: string;
  source: 'file' | 'http' | 'oci';
  /** True when the bytes came from the on-disk cache without touching the network. */
  cached: boolean;
}

export interface FetchOptions {
  /** Fetch again even if the reference is cached (the cache is then updated). */
  refresh?: boolean;
}

function registryKey(registry: string): string {
  return registry
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

export class ComponentFetcher {
  readonly #cache: BlobCache;
  readonly #logger: Logger;
  readonly #insecure: Set<string>;
  readonly #fetch: typeof fetch | undefined;
  readonly #credentials = new Map<string, RegistryCredential>();
  readonly #inFlight = new Map<string, Promise<FetchedComponent>>();

  constructor(options: ComponentFetcherOptions) {
    this.#cache = new BlobCache(options.cacheDir);
    this.#logger = options.logger ?? silentLogger;
    this.#insecure = new Set((options.allowInsecureRegistries ?? []).map(registryKey));
    this.#fetch = options.fetch;
  }

  /** Merges registry credentials (keyed by `host[:port]`, as `registry.put` sends them); later puts win. */
  setCredentials(registries: Record<string, RegistryCredential>): void {
    for (const [registry, credential] of Object.entries(registries)) {
      this.#credentials.set(registryKey(registry), credential);
    }
  }

  /** The bytes a reference points at; throws `SourceError`. Concurrent fetches of one reference share work. */
  fetch(ref: string, options: FetchOptions = {}): Promise<FetchedComponent> {
    let source: ReturnType<typeof classifyReference>;
    try {
      source = classifyReference(ref);
    } catch (error) {
      return Promise.reject(error);
    }
    if (source.kind === 'file') return this.#readFile(source.path);
    const key = source.kind === 'oci' ? formatReference(source.reference) : source.url;
    const running = this.#inFlight.get(key);
    if (running) return running;
    const work = this.#remote(key, source, options.refresh ?? false).finally(() =>
      this.#inFlight.delete(key),
    );
    this.#inFlight.set(key, work);
    return work;
  }

  async #remote(
    key: string,
    source: { kind: 'http'; url: string } | { kind: 'oci'; reference: OciReference },
    refresh: boolean,
  ): Promise<FetchedComponent> {
    if (!refresh) {
      const entry = await this.#cache.lookup(key);
      const bytes = entry && (await this.#cache.get(entry.digest));
      if (entry && bytes) {
        this.#logger.debug('component served from cache', { ref: key, digest: entry.digest });
        return { bytes, digest: entry.digest, source: entry.source, cached: true };
      }
    }
    const fetched =
      source.kind === 'oci'
        ? await this.#pull(key, source.reference)
        : { bytes: await this.#download(source.url) };
    const digest = sha256Hex(fetched.bytes);
    try {
      await this.#cache.put(fetched.bytes);
      await this.#cache.record({
        ref: key,
        digest,
        source: source.kind,
        ...('manifestDigest' in fetched ? { manifestDigest: fetched.manifestDigest } : {}),
        fetchedAt: new Date().toISOString(),
      });
    } catch (cause) {
      // A cache that cannot be written costs a later fetch, not this one.
      this.#logger.warn('could not write the component cache', {
        ref: key,
        dir: this.#cache.dir,
        error: cause,
      });
    }
    this.#logger.info('component fetched', {
      ref: key,
      digest,
      source: source.kind,
      size: fetched.bytes.length,
    });
    return { bytes: fetched.bytes, digest, source: source.kind, cached: false };
  }

  async #pull(key: string, reference: OciReference): Promise<{ bytes: Uint8Array; manifestDigest: string }> {
    const registry = registryKey(reference.registry);
    const credentials =
      this.#credentials.get(registry) ??
      this.#credentials.get(registryKey(registryHostname(reference.registry)));
    const insecure = this.#insecure.has(registry) || this.#insecure.has(registryHostname(registry));
    try {
      const pulled = await pullComponent(reference, {
        ...(credentials ? { credentials } : {}),
        ...(insecure ? { insecure } : {}),
        ...(this.#fetch ? { fetch: this.#fetch } : {}),
      });
      return { bytes: pulled.bytes, manifestDigest: pulled.manifestDigest };
    } catch (error) {
      if (isOciError(error)) {
        throw new SourceError(error.code, `could not pull ${key}: ${error.message}`, { cause: error });
      }
      throw error;
    }
  }

  async #download(url: string): Promise<Uint8Array> {
    let response: Response;
    try {
      response = await (this.#fetch ?? globalThis.fetch)(url, { redirect: 'follow' });
    } catch (cause) {
      const reason =
        cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : '';
      throw new SourceError('network', `could not download ${url}: ${reason || 'unreachable'}`, { cause });
    }
    if (!response.ok) {
      await response.body?.cancel();
      const status = response.status;
      const code =
        status === 404 ? 'not_found' : status === 401 || status === 403 ? 'unauthorized' : 'protocol';
      throw new SourceError(code, `could not download ${url}: ${status} ${response.statusText}`.trimEnd());
    }
    return new Uint8Array(await response.arrayBuffer());
  }

  async #readFile(path: string): Promise<FetchedComponent> {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        throw new SourceError('not_found', `file not found: ${path}`, { cause });
      }
      throw new SourceError('io', `could not read ${path}: ${(cause as Error).message}`, { cause });
    }
    return {
      bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      digest: sha256Hex(bytes),
      source: 'file',
      cached: false,
    };
  }
}
