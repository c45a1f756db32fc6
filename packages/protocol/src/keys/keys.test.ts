import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { createAccount, createCluster, createServer, fromSeed } from '@nats-io/nkeys';
import { describe, expect, test } from 'vitest';
import { isProtocolError } from '../errors.ts';
import {
  createKey,
  isPublicKey,
  type KeyKind,
  keyFromSeed,
  publicKeyBytes,
  publicKeyKind,
  verifySignature,
} from './keys.ts';

const KINDS: [KeyKind, string][] = [
  ['host', 'N'],
  ['component', 'M'],
  ['provider', 'V'],
  ['account', 'A'],
  ['cluster', 'C'],
];

// A fixed seed (test only, not secret) and the public key nkeys.js derived for it.
const FIXED_ACCOUNT_SEED = 'SAAGI6OWEP7TV6KLUDTC7MGBDRO6FH2RHYG43BCTHVIJJKBTZW77JQNMPE';
const FIXED_ACCOUNT_KEY = 'AA47NWFL4QCA4FE5GMKEU5KQODKC3GXYEVIOEK5DWHK5N4PCEX6O3JWE';

describe('keys', () => {
  test.each(KINDS)('%s keys start with %s and round-trip through their seed', (kind, letter) => {
    const key = createKey(kind);
    expect(key.publicKey).toMatch(new RegExp(`^${letter}[A-Z2-7]{55}$`));
    expect(key.seed).toMatch(new RegExp(`^S${letter}[A-Z2-7]{56}$`));
    expect(publicKeyKind(key.publicKey)).toBe(kind);
    const again = keyFromSeed(key.seed);
    expect(again.kind).toBe(kind);
    expect(again.publicKey).toBe(key.publicKey);
    expect(isPublicKey(key.publicKey, kind)).toBe(true);
  });

  test('the encoding agrees with nkeys.js for the kinds it knows', () => {
    for (const pair of [createServer(), createAccount(), createCluster()]) {
      const seed = new TextDecoder().decode(pair.getSeed());
      expect(keyFromSeed(seed).publicKey).toBe(pair.getPublicKey());
      const ours = keyFromSeed(seed);
      expect(fromSeed(pair.getSeed()).getPublicKey()).toBe(ours.publicKey);
    }
  });

  test('a fixed seed always yields the same key, and signatures verify', () => {
    const key = keyFromSeed(FIXED_ACCOUNT_SEED);
    expect(key.kind).toBe('account');
    expect(key.publicKey).toBe(FIXED_ACCOUNT_KEY);
    expect(key.seed).toBe(FIXED_ACCOUNT_SEED);
    const data = new TextEncoder().encode('hello');
    const signature = key.sign(data);
    expect(verifySignature(key.publicKey, data, signature)).toBe(true);
    signature[0] = (signature[0] as number) ^ 1;
    expect(verifySignature(key.publicKey, data, signature)).toBe(false);
    expect(verifySignature(createKey('account').publicKey, data, key.sign(data))).toBe(false);
  });

  test('signatures are byte-identical to nkeys.js (tweetnacl) and verify both ways', () => {
    const theirs = fromSeed(new TextEncoder().encode(FIXED_ACCOUNT_SEED));
    const ours = keyFromSeed(FIXED_ACCOUNT_SEED);
    for (const data of [new Uint8Array(0), new TextEncoder().encode('hello'), new Uint8Array(4096).fill(7)]) {
      const signature = ours.sign(data);
      expect(signature).toEqual(theirs.sign(data));
      expect(theirs.verify(data, signature)).toBe(true);
      expect(verifySignature(ours.publicKey, data, theirs.sign(data))).toBe(true);
    }
  });

  test('a malleated signature (S + L, non-canonical) and a wrong length are refused', () => {
    const key = keyFromSeed(FIXED_ACCOUNT_SEED);
    const data = new TextEncoder().encode('hello');
    const signature = key.sign(data);
    // S is the little-endian second half; S + L still fits in 32 bytes but is not reduced mod L.
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    let s = 0n;
    for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(signature[i] as number);
    let malleated = s + L;
    const forged = signature.slice();
    for (let i = 32; i < 64; i++) {
      forged[i] = Number(malleated & 0xffn);
      malleated >>= 8n;
    }
    expect(verifySignature(key.publicKey, data, forged)).toBe(false);
    expect(verifySignature(key.publicKey, data, signature.subarray(0, 63))).toBe(false);
  });

  test("publicKeyBytes is the raw Ed25519 key: Node's crypto verifies with it; junk is invalid_key", () => {
    const key = keyFromSeed(FIXED_ACCOUNT_SEED);
    const bytes = publicKeyBytes(key.publicKey);
    expect(bytes).toHaveLength(32);
    const data = new TextEncoder().encode('hello');
    const jwk = { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(bytes).toString('base64url') };
    const native = createPublicKey({ key: jwk, format: 'jwk' });
    expect(nodeVerify(null, data, native, key.sign(data))).toBe(true);
    try {
      publicKeyBytes('not a key');
      expect.unreachable();
    } catch (error) {
      expect(isProtocolError(error, 'invalid_key')).toBe(true);
    }
  });

  test('a key of another kind, a bad checksum or junk is rejected', () => {
    const host = createKey('host');
    expect(isPublicKey(host.publicKey, 'component')).toBe(false);
    const last = host.publicKey.at(-1) === 'A' ? 'B' : 'A';
    expect(isPublicKey(host.publicKey.slice(0, -1) + last)).toBe(false);
    expect(isPublicKey('not a key')).toBe(false);
    expect(isPublicKey(42)).toBe(false);
    expect(() => createKey('toString' as KeyKind)).toThrowError(/unknown key kind/);
    expect(() => keyFromSeed(host.seed, 'account')).toThrowError(/account seed/);
    for (const junk of ['', 'SAAA', host.publicKey, `${host.seed.slice(0, -1)}1`]) {
      try {
        keyFromSeed(junk);
        expect.unreachable();
      } catch (error) {
        expect(isProtocolError(error, 'invalid_key')).toBe(true);
      }
    }
  });
});
