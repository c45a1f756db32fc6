import { type RegistryServer, startRegistry } from '@trellis/infra/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Digest } from './digest.ts';
import { isOciError } from './errors.ts';
import { MediaType } from './media-types.ts';
import { pullComponent } from './pull.ts';
import { pushComponent } from './push.ts';

/** A valid (empty) component: the preamble plus a custom section named `trellis` holding `text`. */
function tinyComponent(text: string): Uint8Array {
  const name = new TextEncoder().encode('trellis');
  const data = new TextEncoder().encode(text);
  const body = [name.length, ...name, ...data];
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 0x00, body.length, ...body]);
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isOciError(error), `expected OciError ${code}, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  return error as Error;
}

describe('against a real docker-registry without auth', () => {
  let registry: RegistryServer;
  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(() => registry?.stop());

  it('pushes a component and pulls the same bytes back', async () => {
    const bytes = tinyComponent('anonymous');
    const pushed = await pushComponent(`${registry.host}/trellis/echo:0.1.0`, bytes, {
      annotations: { 'org.opencontainers.image.version': '0.1.0' },
    });
    expect(pushed.digest).toBe(await sha256Digest(bytes));
    const pulled = await pullComponent(`${registry.host}/trellis/echo:0.1.0`);
    expect(pulled.bytes).toEqual(bytes);
    expect(pulled.digest).toBe(pushed.digest);
    expect(pulled.manifestDigest).toBe(pushed.manifestDigest);
    expect(pulled.mediaType).toBe(MediaType.wasm);
    const byDigest = await pullComponent(pushed.pinned);
    expect(byDigest.bytes).toEqual(bytes);
  });

  it('writes the wasm config media type and the annotations into the manifest', async () => {
    await pushComponent(`${registry.host}/trellis/annotated:1`, tinyComponent('a'), {
      annotations: { 'org.opencontainers.image.title': 'annotated' },
    });
    const response = await fetch(`${registry.url}/v2/trellis/annotated/manifests/1`, {
      headers: { accept: MediaType.ociManifest },
    });
    const manifest = (await response.json()) as {
      config: { mediaType: string };
      layers: { mediaType: string }[];
      annotations: Record<string, string>;
    };
    expect(manifest.config.mediaType).toBe(MediaType.wasmConfig);
    expect(manifest.layers.map((l) => l.mediaType)).toEqual([MediaType.wasm]);
    expect(manifest.annotations).toEqual({ 'org.opencontainers.image.title': 'annotated' });
  });

  it('pushing the same bytes twice gives the same manifest digest', async () => {
    const bytes = tinyComponent('twice');
    const first = await pushComponent(`${registry.host}/trellis/twice:1`, bytes);
    const second = await pushComponent(`${registry.host}/trellis/twice:2`, bytes);
    expect(second.manifestDigest).toBe(first.manifestDigest);
  });

  it('reports a missing tag as not_found', async () => {
    const error = await expectCode(pullComponent(`${registry.host}/trellis/echo:9.9.9`), 'not_found');
    expect(error.message).toMatch(/^404 not found/);
  });

  it('reports a refused connection as network', async () => {
    await expectCode(pullComponent('127.0.0.1:1/trellis/echo:1'), 'network');
  });
});

describe('against a real docker-registry with basic auth', () => {
  let registry: RegistryServer;
  const auth = { username: 'trellis', password: 's3cret' };
  beforeAll(async () => {
    registry = await startRegistry({ auth });
  });
  afterAll(() => registry?.stop());

  it('pushes and pulls with the right credentials', async () => {
    const bytes = tinyComponent('basic');
    await pushComponent(`${registry.host}/secure/echo:1`, bytes, { credentials: auth });
    const pulled = await pullComponent(`${registry.host}/secure/echo:1`, { credentials: auth });
    expect(pulled.bytes).toEqual(bytes);
  });

  it('refuses anonymous and wrong-password pulls as unauthorized', async () => {
    const anonymous = await expectCode(pullComponent(`${registry.host}/secure/echo:1`), 'unauthorized');
    expect(anonymous.message).toMatch(/^401 unauthorized/);
    await expectCode(
      pullComponent(`${registry.host}/secure/echo:1`, { credentials: { ...auth, password: 'wrong' } }),
      'unauthorized',
    );
  });
});

describe('against a real docker-registry with token auth', () => {
  let registry: RegistryServer;
  const auth = { username: 'trellis', password: 't0ken', mode: 'token' as const };
  beforeAll(async () => {
    registry = await startRegistry({ auth });
  });
  afterAll(() => registry?.stop());

  it('gets Bearer tokens from the realm and pushes and pulls with them', async () => {
    const bytes = tinyComponent('token');
    const credentials = { username: auth.username, password: auth.password };
    await pushComponent(`${registry.host}/tokens/echo:1`, bytes, { credentials });
    const pulled = await pullComponent(`${registry.host}/tokens/echo:1`, { credentials });
    expect(pulled.bytes).toEqual(bytes);
    expect(registry.tokenService?.issued).toBeGreaterThanOrEqual(2);
  });

  it('refuses wrong credentials at the token service', async () => {
    const error = await expectCode(
      pullComponent(`${registry.host}/tokens/echo:1`, {
        credentials: { username: 'trellis', password: 'no' },
      }),
      'unauthorized',
    );
    expect(error.message).toMatch(/token service/);
  });

  it('uses a pre-supplied token as is, and reports a bad one as unauthorized', async () => {
    const realm = new URL(registry.tokenService!.realm);
    realm.searchParams.set('service', registry.tokenService!.service);
    realm.searchParams.set('scope', 'repository:tokens/echo:pull');
    const response = await fetch(realm, {
      headers: { authorization: `Basic ${btoa(`${auth.username}:${auth.password}`)}` },
    });
    const { token } = (await response.json()) as { token: string };
    const pulled = await pullComponent(`${registry.host}/tokens/echo:1`, { credentials: { token } });
    expect(pulled.bytes).toEqual(tinyComponent('token'));
    await expectCode(
      pullComponent(`${registry.host}/tokens/echo:1`, { credentials: { token: `${token}x` } }),
      'unauthorized',
    );
  });
});
