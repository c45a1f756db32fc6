/**
 * Signed variants of a component for claims tests: one signed with wascap claims, one whose code was changed
 * after signing (so its module hash no longer matches the claims).
 */
import { createKey, keyFromSeed, parseWasm, signComponent } from '@trellis/protocol';

export interface SignedVariantsOptions {
  /** The issuing account (`SA…`). Default: a new random account key. */
  accountSeed?: string;
  /** The `name` in the claims. Default `signed-component`. */
  name?: string;
}

export interface SignedVariants {
  /** The component with a valid `wasmcloud_jwt` section. */
  signed: Uint8Array;
  /** `signed` with one byte of code changed: its claims fail with `invalid_module_hash`. */
  tampered: Uint8Array;
  /** The issuer (`A…`) of both. */
  accountPublicKey: string;
  /** The component identity (`M…`) in the claims (`sub`). */
  componentPublicKey: string;
}

/** Signs `componentBytes` and derives the tampered copy. Pure and synchronous. */
export function signedVariants(
  componentBytes: Uint8Array,
  options: SignedVariantsOptions = {},
): SignedVariants {
  const account = options.accountSeed === undefined ? createKey('account') : keyFromSeed(options.accountSeed);
  const result = signComponent(componentBytes, {
    accountSeed: account.seed,
    name: options.name ?? 'signed-component',
  });
  const tampered = result.bytes.slice();
  const at = lastCodeByte(tampered);
  tampered[at] = (tampered[at] as number) ^ 0x01;
  return {
    signed: result.bytes,
    tampered,
    accountPublicKey: account.publicKey,
    componentPublicKey: result.claims.sub,
  };
}

// The byte before the final `end` opcode of the first code section (core module section 10), looking into a
// component's nested core modules (component section 1) in order.
function lastCodeByte(bytes: Uint8Array): number {
  const at = findCode(bytes, 0, bytes.length);
  if (at === undefined) throw new Error('the component has no code section to tamper with');
  return at;
}

function findCode(bytes: Uint8Array, start: number, end: number): number | undefined {
  const { encoding, sections } = parseWasm(bytes, start, end);
  for (const section of sections) {
    if (encoding === 'module' && section.id === 10 && section.end - section.start >= 2)
      return section.end - 2;
    if (encoding === 'component' && section.id === 1) {
      const found = findCode(bytes, section.start, section.end);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
