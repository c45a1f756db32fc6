import { createKey, isProtocolError, keyFromSeed, verifySignature } from '@trellis/protocol';
import { describe, expect, test } from 'vitest';
import { NativeSignatures } from './native-signatures.ts';

// A fixed test-only seed.
const SEED = 'SCADRJE3XUFL2WTF74QS4ERMT6NU6U2HVNVHITPPLBBM74QX73CE4MHK44';
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const data = new TextEncoder().encode('header.claims');

/** The signature with S replaced by S + L: the same point equation, a non-canonical scalar. */
function malleate(signature: Uint8Array): Uint8Array {
  let s = 0n;
  for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(signature[i] as number);
  const out = signature.slice();
  let t = s + L;
  for (let i = 32; i < 64; i++) {
    out[i] = Number(t & 0xffn);
    t >>= 8n;
  }
  return out;
}

/** The nkey text of a raw 32-byte cluster key, via the public-key alphabet (base32 + CRC-16/XMODEM). */
function clusterKeyText(raw: Uint8Array): string {
  const body = new Uint8Array(35);
  body[0] = 2 << 3;
  body.set(raw, 1);
  let crc = 0;
  for (const byte of body.subarray(0, 33)) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  body[33] = crc & 0xff;
  body[34] = crc >>> 8;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of body) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return bits > 0 ? out + alphabet[(value << (5 - bits)) & 31] : out;
}

describe('NativeSignatures', () => {
  test('answers as the protocol does, on first sight and once the key is kept', () => {
    const key = keyFromSeed(SEED);
    const other = createKey('cluster');
    const good = key.sign(data);
    const tamperedSignature = good.slice();
    tamperedSignature[5] = (tamperedSignature[5] as number) ^ 1;
    const tamperedData = data.slice();
    tamperedData[0] = (tamperedData[0] as number) ^ 1;
    const cases: [string, Uint8Array, Uint8Array][] = [
      [key.publicKey, data, good],
      [key.publicKey, data, tamperedSignature],
      [key.publicKey, tamperedData, good],
      [other.publicKey, data, good],
      [key.publicKey, data, malleate(good)],
      [key.publicKey, data, good.subarray(0, 63)],
      [key.publicKey, data, new Uint8Array(64)],
    ];
    const fresh = () => new NativeSignatures();
    const warm = new NativeSignatures();
    expect(warm.verify(key.publicKey, data, good)).toBe(true);
    expect(warm.verify(other.publicKey, data, other.sign(data))).toBe(true);
    for (const [publicKey, bytes, signature] of cases) {
      const expected = verifySignature(publicKey, bytes, signature);
      expect(fresh().verify(publicKey, bytes, signature)).toBe(expected);
      expect(warm.verify(publicKey, bytes, signature)).toBe(expected);
    }
    expect(verifySignature(key.publicKey, data, malleate(good))).toBe(false);
  });

  test('a small-order key (the neutral point) and its trivial signature are refused', () => {
    const identity = new Uint8Array(32);
    identity[0] = 1; // the neutral point: [k]A is always the neutral point
    const publicKey = clusterKeyText(identity);
    const signature = new Uint8Array(64);
    signature.set(identity, 0); // R = neutral, S = 0: [0]B = R + [k]A holds for any message
    const signatures = new NativeSignatures();
    expect(signatures.verify(publicKey, data, signature)).toBe(false);
    expect(signatures.verify(publicKey, new TextEncoder().encode('other'), signature)).toBe(false);
    expect(verifySignature(publicKey, data, signature)).toBe(false);
  });

  test('a key that does not decode throws invalid_key, like the protocol', () => {
    const key = keyFromSeed(SEED);
    const broken = `${key.publicKey.slice(0, -1)}${key.publicKey.endsWith('A') ? 'B' : 'A'}`;
    try {
      new NativeSignatures().verify(broken, data, key.sign(data));
      expect.unreachable();
    } catch (error) {
      expect(isProtocolError(error, 'invalid_key')).toBe(true);
    }
  });
});
