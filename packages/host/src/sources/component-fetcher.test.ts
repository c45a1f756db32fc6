import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RegistryServer, startRegistry } from '@trellis/infra/registry';
import { pushComponent } from '@trellis/oci';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from './blob-cache.ts';
import { ComponentFetcher } from './component-fetcher.ts';
import { isSourceError, type SourceError } from './errors.ts';

/** A valid (empty) component: the preamble plus a custom section named `trellis` holding `text`. */
function tinyComponent(text: string): Uint8Array {
  const name = new TextEncoder().encode('trellis');
  const data = new TextEncoder().encode(text);
  const body = [name.length, ...name, ...data];
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 0x00, body.length, ...body]);
}

async function sourceError(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSourceError(error)) throw new Error(`expected a SourceError, got ${String(error)}`);
  return error;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trellis-sources-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('files', () => {
  it('reads a path and a file:// URL, uncached', async () => {
    const bytes = tinyComponent('file');
    const path = join(dir, 'echo.wasm');
    await writeFile(path, bytes);
    const fetcher = new ComponentFetcher({ cacheDir: join(dir, 'cache-files') });
    const byPath = await fetcher.fetch(path);
    expect(byPath).toEqual({ bytes, digest: sha256Hex(bytes), source: 'file', cached: false });
    expect((await fetcher.fetch(`file://${path}`)).bytes).toEqual(bytes);
  });

  it('says which file is missing', async () => {
    const fetcher = new ComponentFetcher({ cacheDir: join(dir, 'cache-files') });
    const error = await sourceError(fetcher.fetch(join(dir, 'nope.wasm')));
    expect(error.code).toBe('not_found');
    expect(error.message).toBe(`file not found: ${join(dir, 'nope.wasm')}`);
  });

  it('rejects (not throws) an invalid reference', async () => {
    const fetcher = new ComponentFetcher({ cacheDir: join(dir, 'cache-files') });
    expect((await sourceError(fetcher.fetch('echo:1'))).code).toBe('invalid_reference');
  });
});

describe('http(s) URLs', () => {
  let server: Server;
  let base: string;
  let hits = 0;
  const bytes = tinyComponent('http');
  beforeAll(async () => {
    server = createServer((request, response) => {
      hits += 1;
      if (request.url === '/echo.wasm') response.end(bytes);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('downloads once, then serves from the cache', async () => {
    const cacheDir = join(dir, 'cache-http');
    const first = await new ComponentFetcher({ cacheDir }).fetch(`${base}/echo.wasm`);
    expect(first).toMatchObject({ bytes, source: 'http', cached: false });
    const before = hits;
    const again = await new ComponentFetcher({ cacheDir }).fetch(`${base}/echo.wasm`);
    expect(again).toMatchObject({ bytes, source: 'http', cached: true });
    expect(hits).toBe(before);
    const refreshed = await new ComponentFetcher({ cacheDir }).fetch(`${base}/echo.wasm`, { refresh: true });
    expect(refreshed.cached).toBe(false);
    expect(hits).toBe(before + 1);
  });

  it('maps a 404 to not_found', async () => {
    const fetcher = new ComponentFetcher({ cacheDir: join(dir, 'cache-http') });
    const error = await sourceError(fetcher.fetch(`${base}/missing.wasm`));
    expect(error.code).toBe('not_found');
    expect(error.message).toBe(`could not download ${base}/missing.wasm: 404 Not Found`);
  });
});

describe('OCI references against a real docker-registry', () => {
  let open: RegistryServer;
  let secured: RegistryServer;
  const auth = { username: 'trellis', password: 'pa55' };
  beforeAll(async () => {
    [open, secured] = await Promise.all([startRegistry(), startRegistry({ auth })]);
  });
  afterAll(async () => {
    await Promise.all([open?.stop(), secured?.stop()]);
  });

  it('pulls, caches by content hash, and starts again with the registry stopped', async () => {
    const registry = await startRegistry();
    try {
      const bytes = tinyComponent('offline');
      const ref = `${registry.host}/trellis/echo:0.1.0`;
      await pushComponent(ref, bytes);
      const cacheDir = join(dir, 'cache-oci');
      const first = await new ComponentFetcher({ cacheDir }).fetch(ref);
      expect(first).toEqual({ bytes, digest: sha256Hex(bytes), source: 'oci', cached: false });
      expect(await readdir(join(cacheDir, 'blobs', 'sha256'))).toContain(sha256Hex(bytes));

      await registry.stop();
      const offline = await new ComponentFetcher({ cacheDir }).fetch(ref);
      expect(offline).toEqual({ bytes, digest: sha256Hex(bytes), source: 'oci', cached: true });
      const refresh = await sourceError(new ComponentFetcher({ cacheDir }).fetch(ref, { refresh: true }));
      expect(refresh.code).toBe('network');
    } finally {
      await registry.stop();
    }
  });

  it('uses registry.put credentials, and says unauthorized without or with wrong ones', async () => {
    const bytes = tinyComponent('secured');
    const ref = `${secured.host}/private/echo:1`;
    await pushComponent(ref, bytes, { credentials: auth });

    const fetcher = new ComponentFetcher({ cacheDir: join(dir, 'cache-auth') });
    const anonymous = await sourceError(fetcher.fetch(ref));
    expect(anonymous.code).toBe('unauthorized');
    expect(anonymous.message).toMatch(new RegExp(`^could not pull ${ref}: 401 unauthorized`));

    fetcher.setCredentials({ [secured.host]: { ...auth, password: 'wrong', registryType: 'oci' } });
    expect((await sourceError(fetcher.fetch(ref))).code).toBe('unauthorized');

    fetcher.setCredentials({ [secured.host]: { ...auth, registryType: 'oci' } });
    expect(await fetcher.fetch(ref)).toMatchObject({ bytes, source: 'oci', cached: false });
  });

  it('says not_found for a missing tag, naming the reference', async () => {
    const fetcher = new ComponentFetcher({ cacheDir: join(dir, 'cache-missing') });
    const error = await sourceError(fetcher.fetch(`${open.host}/nothing/here:1`));
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(new RegExp(`^could not pull ${open.host}/nothing/here:1: 404 not found`));
  });

  it('shares one pull between concurrent fetches of the same reference', async () => {
    const bytes = tinyComponent('concurrent');
    const ref = `${open.host}/trellis/concurrent:1`;
    await pushComponent(ref, bytes);
    let manifestRequests = 0;
    const counting: typeof fetch = (input, init) => {
      if (String(input instanceof Request ? input.url : input).includes('/manifests/')) manifestRequests += 1;
      return fetch(input, init);
    };
    const fetcher = new ComponentFetcher({ cacheDir: join(dir, 'cache-concurrent'), fetch: counting });
    const results = await Promise.all([
      fetcher.fetch(ref),
      fetcher.fetch(ref),
      fetcher.fetch(`oci://${ref}`),
    ]);
    expect(results.map((r) => r.bytes)).toEqual([bytes, bytes, bytes]);
    expect(manifestRequests).toBe(1);
  });

  it('refetches when a cached blob was corrupted on disk', async () => {
    const bytes = tinyComponent('corrupt');
    const ref = `${open.host}/trellis/corrupt:1`;
    await pushComponent(ref, bytes);
    const cacheDir = join(dir, 'cache-corrupt');
    await new ComponentFetcher({ cacheDir }).fetch(ref);
    await writeFile(join(cacheDir, 'blobs', 'sha256', sha256Hex(bytes)), 'garbage');
    const again = await new ComponentFetcher({ cacheDir }).fetch(ref);
    expect(again).toMatchObject({ bytes, cached: false });
  });
});
