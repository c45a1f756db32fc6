import { describe, expect, test } from 'vitest';
import { createKey, type KeyKind, keyFromSeed, type SigningKey, verifySignature } from './keys.ts';
import { type AsyncSigner, asyncSignerWith, type Ed25519Subtle, nativeSigner } from './native-signer.ts';
import { encodeSeed } from './nkey-codec.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const MESSAGES = [
  new Uint8Array(0),
  new TextEncoder().encode('hello'),
  new Uint8Array(4096).fill(7),
  new Uint8Array(new SharedArrayBuffer(8)).fill(3),
];
const KINDS: KeyKind[] = ['cluster', 'host', 'component', 'account'];

/** Node's WebCrypto, the runtime these tests run in. */
const realSubtle = crypto.subtle as Ed25519Subtle;

/** A SubtleCrypto that behaves as the real one except where `changes` says. */
function subtleWith(changes: Partial<Ed25519Subtle>): Ed25519Subtle {
  return {
    importKey: (...args) => realSubtle.importKey(...args),
    sign: (...args) => realSubtle.sign(...args),
    ...changes,
  };
}

async function expectSignsAsSync(key: SigningKey, signer: AsyncSigner, backend: AsyncSigner['backend']) {
  expect(signer.backend).toBe(backend);
  expect(signer.publicKey).toBe(key.publicKey);
  expect(signer.kind).toBe(key.kind);
  for (const data of MESSAGES) {
    const signature = await signer.sign(data);
    expect(hex(signature)).toBe(hex(key.sign(data)));
    expect(verifySignature(key.publicKey, data, signature)).toBe(true);
  }
}

describe('nativeSigner', () => {
  test('RFC 8032 test 1 (the runtime probe): noble signs it, and Node signs natively', async () => {
    const seed = Uint8Array.from(
      Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex'),
    );
    const key = keyFromSeed(encodeSeed(2 << 3, seed));
    expect(hex(key.sign(new Uint8Array(0)))).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
    await expectSignsAsSync(key, await nativeSigner(key), 'webcrypto');
  });

  test.each(KINDS)('a %s key signs natively, byte for byte as SigningKey.sign', async (kind) => {
    const key = createKey(kind);
    await expectSignsAsSync(key, await nativeSigner(key), 'webcrypto');
  });

  test('one signer per SigningKey object; another object of the same seed gets its own', async () => {
    const key = createKey('cluster');
    const first = await nativeSigner(key);
    expect(await nativeSigner(key)).toBe(first);
    const again = await nativeSigner(keyFromSeed(key.seed));
    expect(again).not.toBe(first);
    expect(hex(await again.sign(MESSAGES[1] as Uint8Array))).toBe(
      hex(await first.sign(MESSAGES[1] as Uint8Array)),
    );
  });

  test('no WebCrypto: the pure-JS signer', async () => {
    const key = createKey('cluster');
    await expectSignsAsSync(key, await asyncSignerWith(key, undefined), 'noble');
  });

  test('a runtime without Ed25519 (import refused): the pure-JS signer', async () => {
    const subtle = subtleWith({
      importKey: () => Promise.reject(new DOMException('no', 'NotSupportedError')),
    });
    const key = createKey('host');
    await expectSignsAsSync(key, await asyncSignerWith(key, subtle), 'noble');
  });

  test('a runtime whose Ed25519 is randomized (as in Safari): the pure-JS signer', async () => {
    const subtle = subtleWith({ sign: async () => crypto.getRandomValues(new Uint8Array(64)).buffer });
    const key = createKey('cluster');
    await expectSignsAsSync(key, await asyncSignerWith(key, subtle), 'noble');
  });

  test('a runtime that passes the probe but refuses this key: the pure-JS signer', async () => {
    let imports = 0;
    const subtle = subtleWith({
      importKey: (...args) =>
        ++imports === 1 ? realSubtle.importKey(...args) : Promise.reject(new Error('refused')),
    });
    const key = createKey('cluster');
    await expectSignsAsSync(key, await asyncSignerWith(key, subtle), 'noble');
    expect(imports).toBe(2);
  });
});
