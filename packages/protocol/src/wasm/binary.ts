/**
 * A top-level section walker for WebAssembly core modules and component binaries: enough structure to find
 * custom sections and the core modules (component section id 1) and components (id 4) nested in a component.
 * Anything that does not parse is `ProtocolError('invalid_wasm')`; the walker never reads past its range.
 */
import { ProtocolError } from '../errors.ts';
import { readU32 } from './leb128.ts';

export type WasmEncoding = 'module' | 'component';

/** `\0asm` + version 1 (core module). */
export const MODULE_PREAMBLE = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
/** `\0asm` + version 0x0d, layer 1 (component). */
export const COMPONENT_PREAMBLE = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00);

/** Component section ids whose payload is a whole nested binary. */
export const NESTED_MODULE_ID = 1;
export const NESTED_COMPONENT_ID = 4;

/** Nested binaries deeper than this are refused rather than walked. */
export const MAX_NESTING = 64;

/** One section: its id and the byte range of its payload within the walked buffer. */
export interface Section {
  id: number;
  start: number;
  end: number;
}

export interface ParsedWasm {
  encoding: WasmEncoding;
  sections: Section[];
}

function hasPreamble(bytes: Uint8Array, start: number, preamble: Uint8Array): boolean {
  for (let i = 0; i < preamble.length; i++) if (bytes[start + i] !== preamble[i]) return false;
  return true;
}

/** The encoding of the binary in `bytes[start, end)`, from its 8-byte preamble. */
export function wasmEncoding(bytes: Uint8Array, start = 0, end = bytes.length): WasmEncoding {
  if (end - start >= 8 && hasPreamble(bytes, start, MODULE_PREAMBLE)) return 'module';
  if (end - start >= 8 && hasPreamble(bytes, start, COMPONENT_PREAMBLE)) return 'component';
  throw new ProtocolError('invalid_wasm', 'not a WebAssembly core module or component (bad preamble)');
}

/** Splits the binary in `bytes[start, end)` into its top-level sections. */
export function parseWasm(bytes: Uint8Array, start = 0, end = bytes.length): ParsedWasm {
  const encoding = wasmEncoding(bytes, start, end);
  const sections: Section[] = [];
  let offset = start + 8;
  while (offset < end) {
    const id = bytes[offset] as number;
    const [size, payload] = readU32(bytes, offset + 1, end);
    if (payload + size > end) throw new ProtocolError('invalid_wasm', `section ${id} runs past the end`);
    sections.push({ id, start: payload, end: payload + size });
    offset = payload + size;
  }
  return { encoding, sections };
}

/** For a component's section: the encoding a nested binary must have, or undefined if it does not nest one. */
export function nestedEncoding(parent: WasmEncoding, id: number): WasmEncoding | undefined {
  if (parent !== 'component') return undefined;
  if (id === NESTED_MODULE_ID) return 'module';
  if (id === NESTED_COMPONENT_ID) return 'component';
  return undefined;
}

/** Checks that a nested section holds a binary of the `expected` encoding. */
export function assertNested(
  bytes: Uint8Array,
  section: Section,
  expected: WasmEncoding,
  depth: number,
): void {
  if (depth > MAX_NESTING)
    throw new ProtocolError('invalid_wasm', `binaries nested deeper than ${MAX_NESTING}`);
  if (wasmEncoding(bytes, section.start, section.end) !== expected) {
    throw new ProtocolError('invalid_wasm', `a nested ${expected} section holds a different kind of binary`);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The name of a custom section (id 0) and where its data starts. */
export function customSectionName(bytes: Uint8Array, section: Section): { name: string; dataStart: number } {
  const [length, nameStart] = readU32(bytes, section.start, section.end);
  if (nameStart + length > section.end)
    throw new ProtocolError('invalid_wasm', 'custom section name too long');
  try {
    return {
      name: utf8.decode(bytes.subarray(nameStart, nameStart + length)),
      dataStart: nameStart + length,
    };
  } catch (cause) {
    throw new ProtocolError('invalid_wasm', 'custom section name is not UTF-8', { cause });
  }
}

/** A custom section found anywhere in a binary, with its nesting depth (0 = top level). */
export interface CustomSection {
  name: string;
  data: Uint8Array;
  depth: number;
}

/** Every custom section in document order, descending into nested modules and components. */
export function* customSections(
  bytes: Uint8Array,
  start = 0,
  end = bytes.length,
  depth = 0,
): Generator<CustomSection> {
  const { encoding, sections } = parseWasm(bytes, start, end);
  for (const section of sections) {
    if (section.id === 0) {
      const { name, dataStart } = customSectionName(bytes, section);
      yield { name, data: bytes.subarray(dataStart, section.end), depth };
      continue;
    }
    const nested = nestedEncoding(encoding, section.id);
    if (nested !== undefined) {
      assertNested(bytes, section, nested, depth + 1);
      yield* customSections(bytes, section.start, section.end, depth + 1);
    }
  }
}
