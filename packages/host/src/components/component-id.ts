/** Component ids for starts that name none (Host API, seed 003 `la`). Ids must be one NATS subject token. */
import { readComponentClaims } from '@trellis/protocol';

/**
 * From bytes: the claims subject (M…) when signed, else `component-{fnv32 of the bytes}`. From a reference:
 * its last path segment without tag, digest or `.wasm` (`ghcr.io/x/echo:0.1` -> `echo`).
 */
export function deriveComponentId(source: string | Uint8Array): string {
  if (typeof source !== 'string') {
    try {
      const claims = readComponentClaims(source);
      if (claims) return claims.sub;
    } catch {
      // Unverifiable claims fail later, at start, with the proper event.
    }
    let hash = 0x811c9dc5;
    for (const byte of source) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    return `component-${hash.toString(16).padStart(8, '0')}`;
  }
  const last =
    source
      .replace(/[/:]+$/u, '')
      .split(/[/\\]/u)
      .pop() ?? '';
  const base = last.replace(/[@:].*$/u, '').replace(/\.wasm$/u, '');
  const clean = base.replace(/[^A-Za-z0-9_-]/gu, '-');
  return clean === '' ? 'component' : clean;
}
