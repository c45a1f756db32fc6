/**
 * Rebuilds a binary without its claims sections, exactly as wascap's `strip_custom_section` does (§4.3): the
 * preamble, then every section except custom sections named `jwt` or `wasmcloud_jwt` (at any depth) as
 * `id ‖ minimal-LEB128(len) ‖ payload`, nested modules and components rebuilt the same way.
 */
import {
  assertNested,
  COMPONENT_PREAMBLE,
  customSectionName,
  MODULE_PREAMBLE,
  nestedEncoding,
  parseWasm,
} from './binary.ts';
import { encodeU32 } from './leb128.ts';

/** Custom section names that carry a claims JWT: the current one and the one wascap used before 0.9. */
export const CLAIMS_SECTION = 'wasmcloud_jwt';
export const LEGACY_CLAIMS_SECTION = 'jwt';

function isClaimsSection(name: string): boolean {
  return name === CLAIMS_SECTION || name === LEGACY_CLAIMS_SECTION;
}

function stripRange(bytes: Uint8Array, start: number, end: number, depth: number, out: Uint8Array[]): void {
  const { encoding, sections } = parseWasm(bytes, start, end);
  out.push(encoding === 'component' ? COMPONENT_PREAMBLE : MODULE_PREAMBLE);
  for (const section of sections) {
    if (section.id === 0 && isClaimsSection(customSectionName(bytes, section).name)) continue;
    const nested = nestedEncoding(encoding, section.id);
    let payload: Uint8Array[];
    if (nested === undefined) {
      payload = [bytes.subarray(section.start, section.end)];
    } else {
      assertNested(bytes, section, nested, depth + 1);
      payload = [];
      stripRange(bytes, section.start, section.end, depth + 1, payload);
    }
    const length = payload.reduce((sum, part) => sum + part.length, 0);
    out.push(Uint8Array.of(section.id), encodeU32(length), ...payload);
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** The binary without any `jwt`/`wasmcloud_jwt` custom section, re-encoded with minimal section lengths. */
export function stripClaimsSections(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  stripRange(bytes, 0, bytes.length, 0, parts);
  return concat(parts);
}

/** Appends a custom section `name` holding `data` to `bytes` (at the top level). */
export function appendCustomSection(bytes: Uint8Array, name: string, data: Uint8Array): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const nameLength = encodeU32(nameBytes.length);
  const size = nameLength.length + nameBytes.length + data.length;
  return concat([bytes, Uint8Array.of(0), encodeU32(size), nameLength, nameBytes, data]);
}
