/** The parts of OCI / Docker v2 manifests and indexes this client reads, with tolerant parsing. */
import { OciError } from './errors.ts';
import { MediaType } from './media-types.ts';

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: { architecture?: string; os?: string };
}

export type ParsedManifest =
  | { kind: 'image'; mediaType: string; config: Descriptor; layers: Descriptor[] }
  | { kind: 'index'; mediaType: string; manifests: Descriptor[] };

function isDescriptor(value: unknown): value is Descriptor {
  const d = value as Descriptor;
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.digest === 'string' &&
    typeof d.size === 'number' &&
    typeof d.mediaType === 'string'
  );
}

/** Parses manifest bytes; `contentType` is the response's, used when the body names no media type. */
export function parseManifest(bytes: Uint8Array, contentType: string | null): ParsedManifest {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch (cause) {
    throw new OciError('protocol', 'the registry returned a manifest that is not JSON', { cause });
  }
  const mediaType =
    (typeof body.mediaType === 'string' ? body.mediaType : undefined) ??
    contentType?.split(';')[0]?.trim() ??
    MediaType.ociManifest;
  if (body.schemaVersion !== 2) {
    throw new OciError('unsupported_media_type', `unsupported manifest schema version ${body.schemaVersion}`);
  }
  if (Array.isArray(body.manifests)) {
    return { kind: 'index', mediaType, manifests: body.manifests.filter(isDescriptor) };
  }
  if (!isDescriptor(body.config) || !Array.isArray(body.layers) || !body.layers.every(isDescriptor)) {
    throw new OciError('protocol', `malformed ${mediaType} manifest: config or layers missing`);
  }
  return { kind: 'image', mediaType, config: body.config, layers: body.layers };
}
