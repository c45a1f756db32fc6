/**
 * wasmCloud identities: Ed25519 nkeys whose first letter says what they name (§4.1 of the wire reference).
 * Hosts are `N`, components `M`, providers `V`, accounts `A` (issuers of component claims), clusters `C`
 * (0.x invocation signers), operators `O`, users `U`.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { ProtocolError } from '../errors.ts';
import { decodePublicKey, decodeSeed, encodePublicKey, encodeSeed } from './nkey-codec.ts';

/** The key kinds wasmCloud uses, by role. */
export type KeyKind = 'host' | 'component' | 'provider' | 'account' | 'cluster' | 'operator' | 'user';

/** Prefix byte of each kind (the nkeys "type prefix"). */
const PREFIX: Record<KeyKind, number> = {
  host: 13 << 3,
  component: 12 << 3,
  provider: 21 << 3,
  account: 0,
  cluster: 2 << 3,
  operator: 14 << 3,
  user: 20 << 3,
};

const KIND_BY_PREFIX = new Map<number, KeyKind>(
  Object.entries(PREFIX).map(([kind, prefix]) => [prefix, kind as KeyKind]),
);

/** The first letter of a public key of each kind (`N`, `M`, `V`, `A`, `C`, `O`, `U`). */
export const KEY_LETTER: Readonly<Record<KeyKind, string>> = {
  host: 'N',
  component: 'M',
  provider: 'V',
  account: 'A',
  cluster: 'C',
  operator: 'O',
  user: 'U',
};

/** A key pair that can sign. `seed` is the secret text form (`SN…`, `SM…`, `SA…`...). */
export interface SigningKey {
  readonly kind: KeyKind;
  readonly publicKey: string;
  readonly seed: string;
  /** Ed25519 signature (64 bytes) over exactly `data`. */
  sign(data: Uint8Array): Uint8Array;
}

// Ed25519 is @noble/curves' (audited, sync, pure JS): the key depends only on the 32 seed bytes, whatever the
// kind; the kind only changes the prefix of the text forms. The public key is derived once per SigningKey.
function signingKey(kind: KeyKind, rawSeed: Uint8Array): SigningKey {
  const secret = rawSeed.slice();
  return {
    kind,
    publicKey: encodePublicKey(PREFIX[kind], ed25519.getPublicKey(secret)),
    seed: encodeSeed(PREFIX[kind], secret),
    sign: (data) => ed25519.sign(data, secret),
  };
}

/** Generates a new random key of `kind`. */
export function createKey(kind: KeyKind): SigningKey {
  if (!Object.hasOwn(PREFIX, kind)) {
    throw new ProtocolError('invalid_key', `unknown key kind '${String(kind)}'`);
  }
  return signingKey(kind, crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * Parses a seed (`SN…`, `SM…`, `SV…`, `SA…`, `SC…`...). With `kind`, the seed must be of that kind. Throws
 * `ProtocolError('invalid_key')` for anything else.
 */
export function keyFromSeed(seed: string, kind?: KeyKind): SigningKey {
  const decoded = decodeSeed(seed);
  const actual = KIND_BY_PREFIX.get(decoded.prefix);
  if (actual === undefined) throw new ProtocolError('invalid_key', 'a seed of an unsupported key type');
  if (kind !== undefined && actual !== kind) {
    throw new ProtocolError(
      'invalid_key',
      `expected a ${kind} seed (S${KEY_LETTER[kind]}…), got a ${actual} seed`,
    );
  }
  return signingKey(actual, decoded.seed);
}

/** The kind of a public key; throws `ProtocolError('invalid_key')` when it does not decode. */
export function publicKeyKind(publicKey: string): KeyKind {
  const { prefix } = decodePublicKey(publicKey);
  const kind = KIND_BY_PREFIX.get(prefix);
  if (kind === undefined) throw new ProtocolError('invalid_key', 'a public key of an unsupported type');
  return kind;
}

/** True when `value` is a well-formed public key (checksum included), of `kind` when given. */
export function isPublicKey(value: unknown, kind?: KeyKind): value is string {
  if (typeof value !== 'string') return false;
  try {
    const actual = publicKeyKind(value);
    return kind === undefined || actual === kind;
  } catch {
    return false;
  }
}

/** Throws `ProtocolError('invalid_key')` naming `what` unless `value` is a public key (of `kind` when given). */
export function assertPublicKey(
  value: unknown,
  kind?: KeyKind,
  what = 'public key',
): asserts value is string {
  if (!isPublicKey(value, kind)) {
    const expected =
      kind === undefined ? 'an nkey public key' : `a ${kind} public key (${KEY_LETTER[kind]}…)`;
    throw new ProtocolError('invalid_key', `${what} must be ${expected}`);
  }
}

/** The 32 raw Ed25519 bytes of a public key of any kind; throws `ProtocolError('invalid_key')`. */
export function publicKeyBytes(publicKey: string): Uint8Array {
  publicKeyKind(publicKey);
  return decodePublicKey(publicKey).key;
}

/**
 * True when `signature` is a valid Ed25519 signature of `data` by `publicKey` (any kind). A key that does not
 * decode throws `ProtocolError('invalid_key')`; a bad signature returns false.
 */
export function verifySignature(publicKey: string, data: Uint8Array, signature: Uint8Array): boolean {
  const { key } = decodePublicKey(publicKey);
  if (signature.length !== 64) return false;
  // RFC 8032 strict: non-canonical encodings and small-order keys are refused (no malleable signatures).
  return ed25519.verify(signature, data, key, { zip215: false });
}
