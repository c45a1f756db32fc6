import { OciError } from './errors.ts';

const ALGORITHMS: Record<string, string> = { sha256: 'SHA-256', sha512: 'SHA-512' };

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** `sha256:<hex>` of the bytes (Web Crypto). */
export async function sha256Digest(bytes: Uint8Array): Promise<string> {
  return `sha256:${hex(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))}`;
}

/** The digest of `bytes` computed with the algorithm `expected` names (`sha256:` or `sha512:`). */
export async function digestLike(expected: string, bytes: Uint8Array): Promise<string> {
  const algorithm = expected.slice(0, expected.indexOf(':'));
  const name = ALGORITHMS[algorithm];
  if (name === undefined) {
    throw new OciError('unsupported_media_type', `unsupported digest algorithm in ${expected}`);
  }
  return `${algorithm}:${hex(await crypto.subtle.digest(name, bytes as Uint8Array<ArrayBuffer>))}`;
}

/**
 * Throws `digest_mismatch` unless `bytes` hash to `expected` (and have `size` bytes when given).
 * `what` names the content in the message ("layer sha256:…", "manifest").
 */
export async function verifyDigest(
  bytes: Uint8Array,
  expected: string,
  what: string,
  size?: number,
): Promise<void> {
  if (size !== undefined && bytes.byteLength !== size) {
    throw new OciError(
      'digest_mismatch',
      `${what}: expected ${size} bytes, received ${bytes.byteLength} (digest ${expected})`,
    );
  }
  const actual = await digestLike(expected, bytes);
  if (actual !== expected) {
    throw new OciError(
      'digest_mismatch',
      `${what}: expected digest ${expected}, content hashes to ${actual}`,
    );
  }
}
