import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { stripClaimsSections } from './strip.ts';

/** Uppercase hex SHA-256 of `bytes` (wascap's `HEXUPPER`). */
export function sha256HexUpper(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes)).toUpperCase();
}

/**
 * The wascap module hash (§4.3): uppercase hex SHA-256 of the binary rebuilt without claims sections. Signing
 * and re-signing do not change it. Throws `ProtocolError('invalid_wasm')` for a binary that does not parse.
 */
export function moduleHash(bytes: Uint8Array): string {
  return sha256HexUpper(stripClaimsSections(bytes));
}
