import { isProtocolError, moduleHash, readComponentClaims } from '@trellis/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildHandlerComponent } from './handler-component.ts';
import { signedVariants } from './signed.ts';

// A fixed test-only account seed.
const ACCOUNT_SEED = 'SAAK5BKHNLRDYRQDFLNSNE3ZNKIJZ72SIEOWTNRHVUKLNFLU7I2WIGDBLE';
const ACCOUNT = 'ADWTOQACRWRA7XLSSOLMTP2DEMKYDD5FZ4TY24WOUQ3QMHLQ3L5JRD4I';

describe('signed variants of the handler component', () => {
  let component: Uint8Array;
  beforeAll(async () => {
    component = await buildHandlerComponent();
  });

  it('signs with the given account and keeps the module hash', () => {
    const { signed, accountPublicKey, componentPublicKey } = signedVariants(component, {
      accountSeed: ACCOUNT_SEED,
    });
    expect(accountPublicKey).toBe(ACCOUNT);
    const claims = readComponentClaims(signed, { allowedIssuers: [ACCOUNT] });
    expect(claims?.sub).toBe(componentPublicKey);
    expect(claims?.wascap.hash).toBe(moduleHash(component));
  });

  it('the tampered copy differs in one byte and fails the hash check', () => {
    const { signed, tampered } = signedVariants(component);
    expect(tampered.length).toBe(signed.length);
    expect(signed.filter((byte, i) => byte !== tampered[i])).toHaveLength(1);
    try {
      readComponentClaims(tampered);
      expect.unreachable();
    } catch (error) {
      expect(isProtocolError(error, 'invalid_module_hash')).toBe(true);
    }
  });
});
