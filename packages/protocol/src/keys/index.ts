export {
  assertPublicKey,
  createKey,
  isPublicKey,
  KEY_LETTER,
  type KeyKind,
  keyFromSeed,
  publicKeyKind,
  type SigningKey,
  verifySignature,
} from './keys.ts';
