import { sha256Digest, verifyDigest } from './digest.ts';
import { OciError } from './errors.ts';
import type { Descriptor } from './manifest.ts';
import { MediaType } from './media-types.ts';
import { formatReference, type OciReference, parseReference } from './reference.ts';
import { type RegistryOptions, RegistrySession } from './registry-session.ts';

export interface PushOptions extends RegistryOptions {
  /** Manifest annotations, e.g. `org.opencontainers.image.version`. */
  annotations?: Record<string, string>;
  /** Extra fields merged into the `application/vnd.wasm.config.v0+json` config blob. */
  config?: Record<string, unknown>;
}

export interface PushResult {
  /** The layer's digest, `sha256:<hex>` of the bytes pushed. */
  digest: string;
  manifestDigest: string;
  /** `registry/repository@manifestDigest`: the immutable reference of what was pushed. */
  pinned: string;
}

/**
 * Pushes component bytes as an OCI artifact: a `application/vnd.wasm.config.v0+json` config and one
 * `application/wasm` layer (blobs the registry already has are not uploaded again; uploads are monolithic
 * POST + PUT), then the image manifest under the reference's tag. The same bytes, config and annotations
 * always give the same manifest digest.
 */
export async function pushComponent(
  ref: string | OciReference,
  bytes: Uint8Array,
  options: PushOptions = {},
): Promise<PushResult> {
  const reference = typeof ref === 'string' ? parseReference(ref) : ref;
  const session = new RegistrySession(reference, options, ['pull', 'push']);
  const layer: Descriptor = {
    mediaType: MediaType.wasm,
    digest: await sha256Digest(bytes),
    size: bytes.byteLength,
  };
  const configBytes = new TextEncoder().encode(
    JSON.stringify({ architecture: 'wasm', os: 'wasip2', layerDigests: [layer.digest], ...options.config }),
  );
  const config: Descriptor = {
    mediaType: MediaType.wasmConfig,
    digest: await sha256Digest(configBytes),
    size: configBytes.byteLength,
  };
  await uploadBlob(session, configBytes, config.digest);
  await uploadBlob(session, bytes, layer.digest);
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config,
    layers: [layer],
    ...(options.annotations && Object.keys(options.annotations).length > 0
      ? { annotations: options.annotations }
      : {}),
  };
  const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest));
  const manifestDigest = await sha256Digest(manifestBytes);
  if (reference.digest !== undefined) {
    await verifyDigest(manifestBytes, reference.digest, `manifest for ${formatReference(reference)}`);
  }
  const response = await session.send(session.url(`manifests/${reference.tag ?? manifestDigest}`), {
    method: 'PUT',
    headers: { 'content-type': MediaType.ociManifest },
    body: manifestBytes,
  });
  if (response.status !== 201 && !response.ok)
    await session.fail(response, `manifest ${formatReference(reference)}`);
  await response.body?.cancel();
  return {
    digest: layer.digest,
    manifestDigest,
    pinned: `${reference.registry}/${reference.repository}@${manifestDigest}`,
  };
}

async function uploadBlob(session: RegistrySession, bytes: Uint8Array, digest: string): Promise<void> {
  const head = await session.send(session.url(`blobs/${digest}`), { method: 'HEAD' });
  if (head.ok) return;
  if (head.status !== 404) await session.fail(head, `blob ${digest}`);
  const started = await session.send(session.url('blobs/uploads/'), { method: 'POST' });
  if (started.status !== 202) await session.fail(started, `upload to ${session.ref.repository}`);
  await started.body?.cancel();
  const location = started.headers.get('location');
  if (!location) throw new OciError('protocol', `the registry started an upload without a Location header`);
  const target = new URL(location, session.baseUrl);
  target.searchParams.set('digest', digest);
  const put = await session.send(target.href, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  if (put.status !== 201 && !put.ok) await session.fail(put, `blob ${digest}`);
  await put.body?.cancel();
}
