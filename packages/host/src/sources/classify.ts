import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isOciError, type OciReference, parseReference } from '@trellis/oci';
import { SourceError } from './errors.ts';

/** Where a component reference points. */
export type ComponentSource =
  | { kind: 'file'; path: string }
  | { kind: 'http'; url: string }
  | { kind: 'oci'; reference: OciReference };

/**
 * Tells the three kinds of reference apart:
 * - `file://` URLs, absolute paths and `./` / `../` paths are files (relative ones resolved against the cwd);
 * - `http://` and `https://` URLs are plain downloads;
 * - everything else must parse as an OCI reference (`host[:port]/repo[:tag][@digest]`, or `oci://…`); a
 *   relative path such as `build/echo.wasm` whose first segment is not a host falls back to a file.
 */
export function classifyReference(ref: string): ComponentSource {
  const text = ref.trim();
  if (text === '') throw new SourceError('invalid_reference', 'empty component reference');
  if (text.startsWith('file:')) {
    try {
      return { kind: 'file', path: fileURLToPath(text) };
    } catch (cause) {
      throw new SourceError('invalid_reference', `invalid file URL: ${text}`, { cause });
    }
  }
  if (/^https?:\/\//i.test(text)) return { kind: 'http', url: new URL(text).href };
  if (isAbsolute(text) || text.startsWith('./') || text.startsWith('../')) {
    return { kind: 'file', path: resolve(text) };
  }
  try {
    return { kind: 'oci', reference: parseReference(text) };
  } catch (error) {
    if (isOciError(error, 'invalid_reference') && !text.startsWith('oci://') && text.endsWith('.wasm')) {
      return { kind: 'file', path: resolve(text) };
    }
    throw new SourceError('invalid_reference', isOciError(error) ? error.message : String(error), {
      cause: error,
    });
  }
}
