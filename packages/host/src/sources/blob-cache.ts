/**
 * The on-disk component cache: bytes stored by content hash under `{dir}/blobs/sha256/{hex}`, and an index
 * from reference to digest under `{dir}/refs/{sha256(reference)}.json`. Writes go to a temp file and are
 * renamed into place, so hosts sharing a directory never see half a file; a blob that no longer hashes to
 * its name is treated as absent.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface RefEntry {
  ref: string;
  /** sha256 hex of the bytes. */
  digest: string;
  source: 'http' | 'oci';
  /** For OCI: the manifest the bytes came from. */
  manifestDigest?: string;
  fetchedAt: string;
}

export const sha256Hex = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export class BlobCache {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  blobPath(hex: string): string {
    return join(this.dir, 'blobs', 'sha256', hex);
  }

  /** Stores bytes and returns their sha256 hex. */
  async put(bytes: Uint8Array): Promise<string> {
    const hex = sha256Hex(bytes);
    await writeAtomic(this.blobPath(hex), bytes);
    return hex;
  }

  /** The bytes stored under `hex`, or undefined when absent or corrupt. */
  async get(hex: string): Promise<Uint8Array | undefined> {
    if (!/^[0-9a-f]{64}$/.test(hex)) return undefined;
    const bytes = await readFile(this.blobPath(hex)).catch(() => undefined);
    if (bytes === undefined) return undefined;
    return sha256Hex(bytes) === hex
      ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      : undefined;
  }

  async lookup(ref: string): Promise<RefEntry | undefined> {
    const text = await readFile(this.#refPath(ref), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      const entry = JSON.parse(text) as RefEntry;
      return entry.ref === ref && typeof entry.digest === 'string' ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  async record(entry: RefEntry): Promise<void> {
    await writeAtomic(this.#refPath(entry.ref), `${JSON.stringify(entry)}\n`);
  }

  #refPath(ref: string): string {
    return join(this.dir, 'refs', `${sha256Hex(ref)}.json`);
  }
}
