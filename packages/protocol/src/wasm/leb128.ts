import { ProtocolError } from '../errors.ts';

/**
 * Reads an unsigned LEB128 u32 at `offset` (at most 5 bytes, value below 2^32, as wasmparser demands) and
 * returns it with the offset after it. Throws `ProtocolError('invalid_wasm')` past `end` or when too large.
 */
export function readU32(bytes: Uint8Array, offset: number, end: number): [value: number, next: number] {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    if (offset + i >= end) throw new ProtocolError('invalid_wasm', 'unexpected end of a LEB128 number');
    const byte = bytes[offset + i] as number;
    if (i === 4 && byte > 0x0f) throw new ProtocolError('invalid_wasm', 'LEB128 u32 is too large');
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return [value, offset + i + 1];
  }
  throw new ProtocolError('invalid_wasm', 'LEB128 u32 is too long');
}

/** The minimal unsigned LEB128 encoding of `value` (a u32). */
export function encodeU32(value: number): Uint8Array {
  const out: number[] = [];
  let rest = value;
  do {
    const low = rest % 128;
    rest = Math.floor(rest / 128);
    out.push(rest === 0 ? low : low | 0x80);
  } while (rest !== 0);
  return Uint8Array.from(out);
}
