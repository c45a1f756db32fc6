/**
 * Ed25519 signing by the runtime's WebCrypto (Node 24, workerd, current browsers) where it signs exactly as
 * RFC 8032 says, else by the pure-JS `SigningKey.sign`. Either way the signature is byte-identical: Ed25519
 * is deterministic, and a runtime whose native signatures are not (Safari's are randomized) is not used.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import type { KeyKind, SigningKey } from './keys.ts';
import { decodeSeed } from './nkey-codec.ts';

/** A key that signs asynchronously: natively where the runtime can, by `SigningKey.sign` otherwise. */
export interface AsyncSigner {
  readonly kind: KeyKind;
  readonly publicKey: string;
  /** `webcrypto` when the runtime signs, `noble` for the pure-JS fallback. */
  readonly backend: 'webcrypto' | 'noble';
  /** Ed25519 signature (64 bytes) over exactly `data`; the same bytes as `SigningKey.sign(data)`. */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/**
 * The part of WebCrypto's `SubtleCrypto` used here: importing an Ed25519 seed and signing. Every runtime's
 * `crypto.subtle` has this shape (the protocol's env.d.ts declares it so).
 */
export interface Ed25519Subtle {
  importKey(
    format: 'pkcs8',
    keyData: Uint8Array<ArrayBuffer>,
    algorithm: { readonly name: 'Ed25519' },
    extractable: false,
    keyUsages: ['sign'],
  ): Promise<Ed25519PrivateKey>;
  sign(
    algorithm: { readonly name: 'Ed25519' },
    key: Ed25519PrivateKey,
    data: Uint8Array<ArrayBuffer>,
  ): Promise<ArrayBuffer>;
}

/** A WebCrypto `CryptoKey`, opaque: its bytes never leave the runtime. */
export interface Ed25519PrivateKey {
  readonly type: string;
}

/** The PKCS#8 (RFC 8410) wrapping of a 32-byte Ed25519 seed: `OneAsymmetricKey` with OID 1.3.101.112. */
const PKCS8_PREFIX = hexToBytes('302e020100300506032b657004220420');

/** RFC 8032 §7.1 test 1: this seed signs the empty message as this signature, in every compliant runtime. */
const PROBE_SEED = hexToBytes('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
const PROBE_SIGNATURE = hexToBytes(
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
);

const ED25519 = { name: 'Ed25519' } as const;

function pkcs8(seed: Uint8Array): Uint8Array<ArrayBuffer> {
  const der = new Uint8Array(PKCS8_PREFIX.length + seed.length);
  der.set(PKCS8_PREFIX);
  der.set(seed, PKCS8_PREFIX.length);
  return der;
}

function importSeed(subtle: Ed25519Subtle, seed: Uint8Array): Promise<Ed25519PrivateKey> {
  return subtle.importKey('pkcs8', pkcs8(seed), ED25519, false, ['sign']);
}

/** `data` itself when an ArrayBuffer backs it, else a copy (WebCrypto takes no SharedArrayBuffer view). */
function unshared(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return data.buffer instanceof ArrayBuffer ? (data as Uint8Array<ArrayBuffer>) : data.slice();
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Whether `subtle` signs RFC 8032's test vector exactly (not at all, or randomized, is false). */
async function signsDeterministically(subtle: Ed25519Subtle): Promise<boolean> {
  try {
    const key = await importSeed(subtle, PROBE_SEED);
    const signature = new Uint8Array(await subtle.sign(ED25519, key, new Uint8Array(0)));
    return sameBytes(signature, PROBE_SIGNATURE);
  } catch {
    return false;
  }
}

// What is learnt once: a runtime's probe result per SubtleCrypto object, a signer per SigningKey. Weak, so
// nothing outlives the object it was made for. Only settled results are kept, never a pending promise: in
// workerd a promise shared with a later request hangs it when the request that started it is cancelled.
const probed = new WeakMap<Ed25519Subtle, boolean>();
const signers = new WeakMap<SigningKey, AsyncSigner>();

function nobleSigner(key: SigningKey): AsyncSigner {
  return {
    kind: key.kind,
    publicKey: key.publicKey,
    backend: 'noble',
    sign: async (data) => key.sign(data),
  };
}

/**
 * The signer `nativeSigner` would make, with `subtle` standing in for the runtime's (undefined: none). For
 * tests; callers want `nativeSigner`, which keeps one signer per key.
 */
export async function asyncSignerWith(
  key: SigningKey,
  subtle: Ed25519Subtle | undefined,
): Promise<AsyncSigner> {
  if (subtle === undefined) return nobleSigner(key);
  let deterministic = probed.get(subtle);
  if (deterministic === undefined) {
    deterministic = await signsDeterministically(subtle);
    probed.set(subtle, deterministic);
  }
  if (!deterministic) return nobleSigner(key);
  let native: Ed25519PrivateKey;
  try {
    native = await importSeed(subtle, decodeSeed(key.seed).seed);
  } catch {
    return nobleSigner(key);
  }
  return {
    kind: key.kind,
    publicKey: key.publicKey,
    backend: 'webcrypto',
    sign: async (data) => new Uint8Array(await subtle.sign(ED25519, native, unshared(data))),
  };
}

/**
 * The asynchronous signer of `key`, native where the runtime's WebCrypto signs Ed25519 as RFC 8032 says,
 * else `key.sign`. Kept per `SigningKey` object: keep the key (e.g. `keyFromSeed` once) to import it once.
 */
export async function nativeSigner(key: SigningKey): Promise<AsyncSigner> {
  const known = signers.get(key);
  if (known !== undefined) return known;
  const signer = await asyncSignerWith(key, crypto.subtle);
  signers.set(key, signer);
  return signer;
}
