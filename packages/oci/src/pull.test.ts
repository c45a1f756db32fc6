// Unit tests of pull logic with a stub fetch: digest checks and layer choice. The registry round trips are
// in registry.test.ts against a real docker-registry.
import { describe, expect, it } from 'vitest';
import { sha256Digest, verifyDigest } from './digest.ts';
import { isOciError } from './errors.ts';
import { MediaType } from './media-types.ts';
import { pickLayer, pullComponent } from './pull.ts';

const wasm = new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0]);

async function stubRegistry(
  layerBytes: Uint8Array,
  served: Uint8Array,
  layerMediaType: string = MediaType.wasm,
) {
  const layerDigest = await sha256Digest(layerBytes);
  const manifest = new TextEncoder().encode(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.wasmConfig, digest: layerDigest, size: 2 },
      layers: [{ mediaType: layerMediaType, digest: layerDigest, size: layerBytes.byteLength }],
    }),
  );
  const requests: string[] = [];
  const fetch = (async (input: string | URL | Request) => {
    const url = String(input);
    requests.push(url);
    if (url.includes('/manifests/'))
      return new Response(manifest, { headers: { 'content-type': MediaType.ociManifest } });
    if (url.includes('/blobs/')) return new Response(served);
    return new Response(null, { status: 404 });
  }) as typeof globalThis.fetch;
  return { fetch, requests, layerDigest };
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return isOciError(error) ? error.code : `not an OciError: ${String(error)}`;
}

describe('pullComponent (stub fetch)', () => {
  it('returns the layer when it matches its digest, over http for loopback', async () => {
    const stub = await stubRegistry(wasm, wasm);
    const result = await pullComponent('localhost:5000/echo:1', { fetch: stub.fetch });
    expect(result.bytes).toEqual(wasm);
    expect(result.digest).toBe(stub.layerDigest);
    expect(stub.requests[0]).toBe('http://localhost:5000/v2/echo/manifests/1');
  });

  it('uses https for other registries unless insecure', async () => {
    const stub = await stubRegistry(wasm, wasm);
    await pullComponent('reg.example.com/echo:1', { fetch: stub.fetch });
    await pullComponent('reg.example.com/echo:1', { fetch: stub.fetch, insecure: true });
    expect(stub.requests[0]).toMatch(/^https:\/\/reg\.example\.com\/v2\//);
    expect(stub.requests[2]).toMatch(/^http:\/\/reg\.example\.com\/v2\//);
  });

  it('detects a blob whose bytes differ from the digest', async () => {
    const tampered = wasm.slice();
    tampered[7] = 9;
    const stub = await stubRegistry(wasm, tampered);
    expect(await codeOf(pullComponent('localhost:5000/echo:1', { fetch: stub.fetch }))).toBe(
      'digest_mismatch',
    );
  });

  it('detects a truncated blob', async () => {
    const stub = await stubRegistry(wasm, wasm.slice(0, 4));
    expect(await codeOf(pullComponent('localhost:5000/echo:1', { fetch: stub.fetch }))).toBe(
      'digest_mismatch',
    );
  });

  it('detects a manifest that does not hash to the pinned digest', async () => {
    const stub = await stubRegistry(wasm, wasm);
    const ref = `localhost:5000/echo@sha256:${'0'.repeat(64)}`;
    expect(await codeOf(pullComponent(ref, { fetch: stub.fetch }))).toBe('digest_mismatch');
  });

  it('accepts the wasmCloud layer media type', async () => {
    const stub = await stubRegistry(wasm, wasm, MediaType.wasmCloudModule);
    const result = await pullComponent('localhost:5000/echo:1', { fetch: stub.fetch });
    expect(result.mediaType).toBe(MediaType.wasmCloudModule);
  });

  it('refuses an image without a wasm layer', async () => {
    const stub = await stubRegistry(wasm, wasm, 'application/vnd.oci.image.layer.v1.tar+gzip');
    expect(await codeOf(pullComponent('localhost:5000/echo:1', { fetch: stub.fetch }))).toBe(
      'unsupported_media_type',
    );
  });
});

describe('pickLayer', () => {
  const d = (mediaType: string) => ({ mediaType, digest: `sha256:${mediaType.length}`, size: 1 });
  it('prefers application/wasm over the other accepted types', () => {
    const layers = [d(MediaType.wasmCloudModule), d(MediaType.wasmContentLayer), d(MediaType.wasm)];
    expect(pickLayer(layers, 'x').mediaType).toBe(MediaType.wasm);
    expect(pickLayer(layers.slice(0, 2), 'x').mediaType).toBe(MediaType.wasmContentLayer);
  });
});

describe('verifyDigest', () => {
  it('passes matching content and supports sha512', async () => {
    await verifyDigest(wasm, await sha256Digest(wasm), 'x');
    const sha512 = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-512', wasm)), (b) =>
      b.toString(16).padStart(2, '0'),
    ).join('');
    await verifyDigest(wasm, `sha512:${sha512}`, 'x');
  });
});
