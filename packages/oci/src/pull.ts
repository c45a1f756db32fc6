import { sha256Digest, verifyDigest } from './digest.ts';
import { OciError } from './errors.ts';
import { type Descriptor, type ParsedManifest, parseManifest } from './manifest.ts';
import { MANIFEST_ACCEPT, WASM_LAYER_MEDIA_TYPES } from './media-types.ts';
import { formatReference, type OciReference, parseReference } from './reference.ts';
import { type RegistryOptions, RegistrySession } from './registry-session.ts';

export type PullOptions = RegistryOptions;

export interface PullResult {
  /** The component: the Wasm layer's bytes, verified against its digest and size. */
  bytes: Uint8Array;
  /** The layer's digest, `sha256:<hex>`. */
  digest: string;
  /** The digest of the image manifest the layer came from. */
  manifestDigest: string;
  /** The layer's media type (one of `WASM_LAYER_MEDIA_TYPES`). */
  mediaType: string;
}

/**
 * Pulls the WebAssembly layer of an OCI artifact. Accepts `application/wasm`,
 * `application/vnd.wasm.content.layer.v1+wasm` and wasmCloud's `application/vnd.module.wasm.content.layer.v1+wasm`
 * layers; follows an image index to its wasm (or first) manifest. Every byte is checked against its digest.
 */
export async function pullComponent(
  ref: string | OciReference,
  options: PullOptions = {},
): Promise<PullResult> {
  const reference = typeof ref === 'string' ? parseReference(ref) : ref;
  const session = new RegistrySession(reference, options, ['pull']);
  let { manifest, manifestDigest } = await getManifest(
    session,
    reference.digest ?? reference.tag ?? 'latest',
  );
  if (manifest.kind === 'index') {
    const child = pickFromIndex(manifest.manifests, formatReference(reference));
    ({ manifest, manifestDigest } = await getManifest(session, child.digest));
    if (manifest.kind === 'index') {
      throw new OciError('unsupported_media_type', `${formatReference(reference)}: nested image indexes`);
    }
  }
  const layer = pickLayer(manifest.layers, formatReference(reference));
  const response = await session.send(session.url(`blobs/${layer.digest}`), { method: 'GET' });
  if (!response.ok) await session.fail(response, `blob ${layer.digest}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  await verifyDigest(bytes, layer.digest, `layer of ${formatReference(reference)}`, layer.size);
  return { bytes, digest: layer.digest, manifestDigest, mediaType: layer.mediaType };
}

async function getManifest(
  session: RegistrySession,
  tagOrDigest: string,
): Promise<{ manifest: ParsedManifest; manifestDigest: string }> {
  const response = await session.send(session.url(`manifests/${tagOrDigest}`), {
    method: 'GET',
    headers: { accept: MANIFEST_ACCEPT },
  });
  const what = `manifest ${session.ref.registry}/${session.ref.repository}:${tagOrDigest}`;
  if (!response.ok) await session.fail(response, what);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const pinned = tagOrDigest.includes(':') ? tagOrDigest : response.headers.get('docker-content-digest');
  let manifestDigest: string;
  if (pinned) {
    await verifyDigest(bytes, pinned, what);
    manifestDigest = pinned;
  } else {
    manifestDigest = await sha256Digest(bytes);
  }
  return { manifest: parseManifest(bytes, response.headers.get('content-type')), manifestDigest };
}

function pickFromIndex(manifests: Descriptor[], ref: string): Descriptor {
  const chosen =
    manifests.find((m) => m.platform?.architecture === 'wasm' || m.platform?.os?.startsWith('wasi')) ??
    manifests[0];
  if (!chosen) throw new OciError('unsupported_media_type', `${ref}: the image index lists no manifests`);
  return chosen;
}

/** The first layer of the most preferred wasm media type; `unsupported_media_type` when there is none. */
export function pickLayer(layers: readonly Descriptor[], ref: string): Descriptor {
  for (const mediaType of WASM_LAYER_MEDIA_TYPES) {
    const layer = layers.find((l) => l.mediaType === mediaType);
    if (layer) return layer;
  }
  const seen = layers.map((l) => l.mediaType).join(', ') || 'none';
  throw new OciError(
    'unsupported_media_type',
    `${ref} has no WebAssembly layer (layers: ${seen}; accepted: ${WASM_LAYER_MEDIA_TYPES.join(', ')})`,
  );
}
