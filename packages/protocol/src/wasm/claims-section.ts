/**
 * Reading and writing the claims JWT a component carries in a custom section (§4.3).
 */
import { ProtocolError } from '../errors.ts';
import { customSections } from './binary.ts';
import { appendCustomSection, CLAIMS_SECTION, LEGACY_CLAIMS_SECTION, stripClaimsSections } from './strip.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The first claims JWT in document order, as wascap finds it: a `wasmcloud_jwt` section counts only at the top
 * level, a legacy `jwt` section at any depth. Undefined when there is none. Throws `invalid_wasm` for a binary
 * that does not parse and `malformed` for a section that is not UTF-8.
 */
export function extractClaimsToken(bytes: Uint8Array): string | undefined {
  for (const section of customSections(bytes)) {
    const matches =
      section.name === LEGACY_CLAIMS_SECTION || (section.name === CLAIMS_SECTION && section.depth === 0);
    if (!matches) continue;
    try {
      return utf8.decode(section.data);
    } catch (cause) {
      throw new ProtocolError('malformed', `the ${section.name} section is not UTF-8`, { cause });
    }
  }
  return undefined;
}

/** `bytes` with every existing claims section removed and `jwt` appended as a top-level `wasmcloud_jwt`. */
export function embedClaimsToken(bytes: Uint8Array, jwt: string): Uint8Array {
  return appendCustomSection(stripClaimsSections(bytes), CLAIMS_SECTION, new TextEncoder().encode(jwt));
}
