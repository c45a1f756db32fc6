/**
 * Ed25519 checks by Node's crypto (OpenSSL) for the RPC hot path, about ten times faster than the protocol's
 * pure-JS `verifySignature`, and not more lenient: a signer's key is kept only after one of its signatures
 * passed the protocol's strict check (a canonical key, not of small order); for such a key OpenSSL's RFC 8032
 * check (S < L, the cofactorless equation) accepts no signature the strict, cofactored check refuses.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { publicKeyBytes, verifySignature } from '@trellis/protocol';

/** Signers kept at most (a lattice has few invocation signers); the oldest is dropped past it. */
const MAX_KEYS = 64;

export class NativeSignatures {
  readonly #keys = new Map<string, KeyObject>();

  /** Same contract as the protocol's `verifySignature`: a bad key throws `invalid_key`, a bad signature is false. */
  readonly verify = (publicKey: string, data: Uint8Array, signature: Uint8Array): boolean => {
    const known = this.#keys.get(publicKey);
    if (known !== undefined) return signature.length === 64 && verify(null, data, known, signature);
    if (!verifySignature(publicKey, data, signature)) return false;
    const x = Buffer.from(publicKeyBytes(publicKey)).toString('base64url');
    if (this.#keys.size >= MAX_KEYS) this.#keys.delete(this.#keys.keys().next().value as string);
    this.#keys.set(publicKey, createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' }));
    return true;
  };
}
