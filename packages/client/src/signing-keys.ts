/**
 * The keys a client signs invocations with, derived from their seeds once per client rather than once per
 * call (deriving a key is a scalar multiplication; a seed is also re-parsed each time). Keeping the same
 * `SigningKey` object also keeps its native signer (`nativeSigner` imports a key once per object).
 */
import { keyFromSeed, type SigningKey } from '@trellis/protocol';

/** Who signs a call: a seed (derived once, then kept by the client) or a key the caller keeps itself. */
export type CallSigner =
  | { seed: string; signingKey?: undefined }
  | { signingKey: SigningKey; seed?: undefined };

/** Seeds kept at most; a client rarely signs with more than one, so the oldest is simply dropped. */
const MAX_KEYS = 16;

export class SigningKeys {
  readonly #bySeed = new Map<string, SigningKey>();

  /** The caller's key, or the one derived from its seed (the same object for the same seed). */
  resolve(signer: CallSigner): SigningKey {
    if (signer.signingKey !== undefined) return signer.signingKey;
    let key = this.#bySeed.get(signer.seed);
    if (key === undefined) {
      key = keyFromSeed(signer.seed);
      if (this.#bySeed.size >= MAX_KEYS) this.#bySeed.delete(this.#bySeed.keys().next().value as string);
      this.#bySeed.set(signer.seed, key);
    }
    return key;
  }
}
