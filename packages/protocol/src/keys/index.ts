export {
  assertPublicKey,
  createKey,
  isPublicKey,
  KEY_LETTER,
  type KeyKind,
  keyFromSeed,
  publicKeyBytes,
  publicKeyKind,
  type SigningKey,
  verifySignature,
} from './keys.ts';
export { type AsyncSigner, nativeSigner } from './native-signer.ts';
