/**
 * The nkeys text encoding (§4.1 of the wire reference): base32 without padding of
 * `prefix ‖ payload ‖ crc16-xmodem(little-endian)`. A public key has one prefix byte; a seed has two (`S` + the
 * type letter). nkeys.js knows no Module (`M`) or Service (`V`) prefix, so the text codec lives here; the
 * Ed25519 arithmetic is @noble/curves' (keys.ts).
 */
import { ProtocolError } from '../errors.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SEED_PREFIX = 18 << 3;

function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function base32Decode(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 5) / 8));
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const char of text) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) throw new ProtocolError('invalid_key', `'${char}' is not a base32 character`);
    value = ((value << 5) | digit) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out[index++] = (value >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return out;
}

/** CRC-16/XMODEM: polynomial 0x1021, initial value 0. */
function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

function withChecksum(raw: Uint8Array): string {
  const out = new Uint8Array(raw.length + 2);
  out.set(raw);
  const crc = crc16(raw);
  out[raw.length] = crc & 0xff;
  out[raw.length + 1] = crc >>> 8;
  return base32Encode(out);
}

function checked(text: string, expectedLength: number): Uint8Array {
  if (typeof text !== 'string' || text.length !== Math.ceil((expectedLength * 8) / 5)) {
    throw new ProtocolError('invalid_key', 'an nkey of the wrong length');
  }
  const raw = base32Decode(text);
  if (raw.length !== expectedLength) throw new ProtocolError('invalid_key', 'an nkey of the wrong length');
  const body = raw.subarray(0, raw.length - 2);
  const crc = (raw[raw.length - 2] as number) | ((raw[raw.length - 1] as number) << 8);
  if (crc16(body) !== crc) throw new ProtocolError('invalid_key', 'an nkey whose checksum does not match');
  return body;
}

/** Encodes a 32-byte Ed25519 public key under `prefix` (e.g. 13<<3 for `N`): 56 characters. */
export function encodePublicKey(prefix: number, key: Uint8Array): string {
  const raw = new Uint8Array(33);
  raw[0] = prefix;
  raw.set(key, 1);
  return withChecksum(raw);
}

/** Decodes a 56-character public key into its prefix byte and 32 key bytes; throws `invalid_key`. */
export function decodePublicKey(text: string): { prefix: number; key: Uint8Array } {
  const body = checked(text, 35);
  return { prefix: body[0] as number, key: body.slice(1) };
}

/** Encodes a 32-byte Ed25519 seed for key type `prefix`: 58 characters starting `S` + the type letter. */
export function encodeSeed(prefix: number, seed: Uint8Array): string {
  const raw = new Uint8Array(34);
  raw[0] = SEED_PREFIX | (prefix >> 5);
  raw[1] = (prefix & 31) << 3;
  raw.set(seed, 2);
  return withChecksum(raw);
}

/** Decodes a 58-character seed into its key-type prefix byte and 32 seed bytes; throws `invalid_key`. */
export function decodeSeed(text: string): { prefix: number; seed: Uint8Array } {
  const body = checked(text, 36);
  const b0 = body[0] as number;
  const b1 = body[1] as number;
  if ((b0 & 0xf8) !== SEED_PREFIX) throw new ProtocolError('invalid_key', 'not an nkey seed');
  return { prefix: ((b0 & 7) << 5) | ((b1 & 0xf8) >> 3), seed: body.slice(2) };
}
