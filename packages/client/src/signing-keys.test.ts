import { createKey, isProtocolError, keyFromSeed, nativeSigner } from '@trellis/protocol';
import { describe, expect, test } from 'vitest';
import { SigningKeys } from './signing-keys.ts';

describe('SigningKeys', () => {
  test('a seed is derived once: the same key object comes back, and it is the seed’s key', () => {
    const keys = new SigningKeys();
    const seed = createKey('cluster').seed;
    const first = keys.resolve({ seed });
    expect(first.publicKey).toBe(keyFromSeed(seed).publicKey);
    expect(keys.resolve({ seed })).toBe(first);
    const other = createKey('cluster').seed;
    expect(keys.resolve({ seed: other })).not.toBe(first);
    expect(keys.resolve({ seed })).toBe(first);
  });

  test('the kept key keeps its native signer: imported once per seed, signing as the key does', async () => {
    const keys = new SigningKeys();
    const seed = createKey('cluster').seed;
    const signer = await nativeSigner(keys.resolve({ seed }));
    expect(signer.backend).toBe('webcrypto');
    expect(await nativeSigner(keys.resolve({ seed }))).toBe(signer);
    const data = new TextEncoder().encode('hello');
    expect(await signer.sign(data)).toEqual(keyFromSeed(seed).sign(data));
  });

  test("a caller's key is used as given", () => {
    const signingKey = createKey('cluster');
    expect(new SigningKeys().resolve({ signingKey })).toBe(signingKey);
  });

  test('a bad seed throws invalid_key and is not kept', () => {
    const keys = new SigningKeys();
    for (let i = 0; i < 2; i++) {
      try {
        keys.resolve({ seed: 'SCNOTASEED' });
        expect.unreachable();
      } catch (error) {
        expect(isProtocolError(error, 'invalid_key')).toBe(true);
      }
    }
  });

  test('past 16 seeds the oldest is dropped and derived again when asked', () => {
    const keys = new SigningKeys();
    const seeds = Array.from({ length: 17 }, () => createKey('cluster').seed);
    const first = keys.resolve({ seed: seeds[0] as string });
    for (const seed of seeds.slice(1)) keys.resolve({ seed });
    const again = keys.resolve({ seed: seeds[0] as string });
    expect(again).not.toBe(first);
    expect(again.publicKey).toBe(first.publicKey);
  });
});
