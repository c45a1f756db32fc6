import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

const encoder = new TextEncoder();

/** The OTP host's link definition id: uppercase hex SHA-256 of `actor_id ‖ contract_id ‖ link_name`. */
export function linkdefHash(actorId: string, contractId: string, linkName: string): string {
  return bytesToHex(sha256(encoder.encode(actorId + contractId + linkName))).toUpperCase();
}
