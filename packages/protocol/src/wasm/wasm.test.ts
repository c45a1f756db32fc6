import { createHash } from 'node:crypto';
import { componentEmbed, componentNew, parse, print } from '@bytecodealliance/jco';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { isProtocolError } from '../errors.ts';
import { keyFromSeed } from '../keys/keys.ts';
import { codeOf } from '../testing/code-of.ts';
import { COMPONENT_PREAMBLE, customSections, MODULE_PREAMBLE, parseWasm } from './binary.ts';
import { embedClaimsToken, extractClaimsToken } from './claims-section.ts';
import { encodeU32, readU32 } from './leb128.ts';
import { moduleHash } from './module-hash.ts';
import { readComponentClaims, signComponent } from './sign.ts';
import { appendCustomSection, stripClaimsSections } from './strip.ts';

// The test tsconfig has no DOM lib; Node provides this global.
declare const WebAssembly: { validate(bytes: Uint8Array): boolean };

// Fixed test-only seeds.
const ACCOUNT_SEED = 'SAAK5BKHNLRDYRQDFLNSNE3ZNKIJZ72SIEOWTNRHVUKLNFLU7I2WIGDBLE';
const ACCOUNT = 'ADWTOQACRWRA7XLSSOLMTP2DEMKYDD5FZ4TY24WOUQ3QMHLQ3L5JRD4I';
const COMPONENT_SEED = 'SMALVIR27JWMFMEIDSXV5NEPJIN6XHTWSXHMFLZUUPRHJC5HOT5B4M35GU';
const COMPONENT = 'MCU7GEDF2RP4DP745MHFN3K24N4YPXW7IJMX2MBJZFMF6NVFTH2EVEGI';
const OTHER_ACCOUNT_SEED = 'SAAGI6OWEP7TV6KLUDTC7MGBDRO6FH2RHYG43BCTHVIJJKBTZW77JQNMPE';
const NOW = new Date(1_700_000_000_000);

const bytes = (...parts: (number[] | Uint8Array)[]) => Uint8Array.from(parts.flatMap((part) => [...part]));
const ascii = (text: string) => [...new TextEncoder().encode(text)];
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex').toUpperCase();
const custom = (name: string, data: string) => {
  const body = [...encodeU32(name.length), ...ascii(name), ...ascii(data)];
  return [0, ...encodeU32(body.length), ...body];
};

// (module (type (func)) (func (type 0))) written by hand: type, function and code sections.
const TYPE = [0x01, 0x04, 0x01, 0x60, 0x00, 0x00];
const FUNC = [0x03, 0x02, 0x01, 0x00];
const CODE = [0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b];
const PLAIN_MODULE = bytes(MODULE_PREAMBLE, TYPE, FUNC, CODE);

describe('LEB128', () => {
  test('minimal encoding and bounded reading', () => {
    expect([...encodeU32(0)]).toEqual([0]);
    expect([...encodeU32(624485)]).toEqual([0xe5, 0x8e, 0x26]);
    expect([...encodeU32(0xffff_ffff)]).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(readU32(Uint8Array.of(0xe5, 0x8e, 0x26), 0, 3)).toEqual([624485, 3]);
    expect(readU32(Uint8Array.of(0x85, 0x80, 0x80, 0x80, 0x00), 0, 5)).toEqual([5, 5]);
    expect(codeOf(() => readU32(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x1f), 0, 5))).toBe('invalid_wasm');
    expect(codeOf(() => readU32(Uint8Array.of(0x80, 0x80), 0, 2))).toBe('invalid_wasm');
  });
});

describe('module hash (§4.3)', () => {
  test('golden vector: the hand-built module hashes to the SHA-256 of its bytes', () => {
    expect(moduleHash(PLAIN_MODULE)).toBe('AACEEC3BBAC74451E6DCEFCEAD4220538E643FCB1DF8009A7C5C3A5AFFFC5495');
    expect(moduleHash(PLAIN_MODULE)).toBe(sha256(PLAIN_MODULE));
  });

  test('jwt and wasmcloud_jwt sections do not change it; other custom sections do', () => {
    const withJwt = bytes(
      MODULE_PREAMBLE,
      TYPE,
      custom('jwt', 'a.b.c'),
      FUNC,
      CODE,
      custom('wasmcloud_jwt', 'x'),
    );
    expect(moduleHash(withJwt)).toBe(moduleHash(PLAIN_MODULE));
    const withName = bytes(PLAIN_MODULE, custom('name', ''));
    expect(moduleHash(withName)).toBe(sha256(withName));
    expect(moduleHash(withName)).not.toBe(moduleHash(PLAIN_MODULE));
  });

  test('section lengths are re-encoded as minimal LEB128', () => {
    const padded = bytes(
      MODULE_PREAMBLE,
      [0x01, 0x84, 0x80, 0x80, 0x80, 0x00, 0x01, 0x60, 0x00, 0x00],
      FUNC,
      CODE,
    );
    expect(stripClaimsSections(padded)).toEqual(PLAIN_MODULE);
    expect(moduleHash(padded)).toBe(moduleHash(PLAIN_MODULE));
  });

  test('nested core modules inside a component are stripped and re-framed recursively', () => {
    const signedInner = bytes(PLAIN_MODULE, custom('jwt', 'legacy'), custom('wasmcloud_jwt', 'inner'));
    const component = bytes(
      COMPONENT_PREAMBLE,
      [0x01, ...encodeU32(signedInner.length)],
      signedInner,
      [0x04, ...encodeU32(COMPONENT_PREAMBLE.length + 10)],
      COMPONENT_PREAMBLE,
      custom('jwt', 'deep'),
      custom('wasmcloud_jwt', 'top'),
    );
    const expected = bytes(
      COMPONENT_PREAMBLE,
      [0x01, ...encodeU32(PLAIN_MODULE.length)],
      PLAIN_MODULE,
      [0x04, 0x08],
      COMPONENT_PREAMBLE,
    );
    expect(stripClaimsSections(component)).toEqual(expected);
    expect(moduleHash(component)).toBe(sha256(expected));
  });
});

describe('claims section', () => {
  test('wasmcloud_jwt counts only at the top level, legacy jwt at any depth, first match wins', () => {
    const inner = bytes(PLAIN_MODULE, custom('wasmcloud_jwt', 'nested-new'), custom('jwt', 'nested-legacy'));
    const component = bytes(
      COMPONENT_PREAMBLE,
      [0x01, ...encodeU32(inner.length)],
      inner,
      custom('wasmcloud_jwt', 'top'),
    );
    expect(extractClaimsToken(component)).toBe('nested-legacy');
    const onlyNewNested = bytes(
      COMPONENT_PREAMBLE,
      [0x01, ...encodeU32(inner.length - custom('jwt', 'nested-legacy').length)],
      inner.subarray(0, inner.length - custom('jwt', 'nested-legacy').length),
      custom('wasmcloud_jwt', 'top'),
    );
    expect(extractClaimsToken(onlyNewNested)).toBe('top');
    expect(extractClaimsToken(PLAIN_MODULE)).toBeUndefined();
  });

  test('embedding replaces every existing claims section with one top-level wasmcloud_jwt', () => {
    const old = bytes(PLAIN_MODULE, custom('jwt', 'old'), custom('wasmcloud_jwt', 'older'));
    const embedded = embedClaimsToken(old, 'new.token.here');
    expect(embedded).toEqual(bytes(PLAIN_MODULE, custom('wasmcloud_jwt', 'new.token.here')));
    expect(extractClaimsToken(embedded)).toBe('new.token.here');
    expect(WebAssembly.validate(embedded)).toBe(true);
  });
});

describe('a real component built by jco', () => {
  let core: Uint8Array;
  let component: Uint8Array;

  beforeAll(async () => {
    core = await parse(
      '(module (func (export "answer") (result i32) i32.const 42) (memory (export "memory") 1))',
    );
    const embedded = await componentEmbed({
      binary: core,
      witSource: 'package trellis:test; world answer { export answer: func() -> s32; }',
      world: 'answer',
    });
    component = await componentNew(embedded);
  });

  test('the walker sees a component with a nested core module', () => {
    const parsed = parseWasm(component);
    expect(parsed.encoding).toBe('component');
    expect(parsed.sections.some((section) => section.id === 1)).toBe(true);
    expect([...customSections(component)].length).toBeGreaterThan(0);
    expect(stripClaimsSections(component)).toEqual(component);
  });

  test('sign, embed and re-read the claims; a real tool still reads the binary', async () => {
    const signed = signComponent(component, {
      accountSeed: ACCOUNT_SEED,
      subjectSeed: COMPONENT_SEED,
      name: 'answer',
      rev: 1,
      ver: '0.1.0',
      tags: ['test'],
      callAlias: 'The Answer',
      now: NOW,
      jti: 'FIXEDJTI0000000000000A',
    });
    expect(extractClaimsToken(signed.bytes)).toBe(signed.jwt);
    const claims = readComponentClaims(signed.bytes, { now: NOW, allowedIssuers: [ACCOUNT] });
    expect(claims).toEqual({
      jti: 'FIXEDJTI0000000000000A',
      iat: 1_700_000_000,
      iss: ACCOUNT,
      sub: COMPONENT,
      wascap: {
        name: 'answer',
        hash: moduleHash(component),
        tags: ['test'],
        rev: 1,
        ver: '0.1.0',
        call_alias: 'the_answer',
        prov: false,
      },
      wascap_revision: 3,
    });
    expect(moduleHash(signed.bytes)).toBe(moduleHash(component));
    expect(await print(signed.bytes)).toContain('wasmcloud_jwt');
    expect(readComponentClaims(component)).toBeUndefined();
  });

  test('re-signing replaces the claims and keeps the hash', () => {
    const first = signComponent(component, { accountSeed: ACCOUNT_SEED, name: 'one', now: NOW });
    const second = signComponent(first.bytes, { accountSeed: OTHER_ACCOUNT_SEED, name: 'two', now: NOW });
    const claims = readComponentClaims(second.bytes, { now: NOW });
    expect(claims?.wascap.name).toBe('two');
    expect(claims?.iss).toBe(keyFromSeed(OTHER_ACCOUNT_SEED).publicKey);
    expect([...customSections(second.bytes)].filter((s) => s.name.endsWith('jwt'))).toHaveLength(1);
  });

  test('a changed code byte, a flipped token byte, time and issuer all fail with their code', () => {
    const signed = signComponent(component, {
      accountSeed: ACCOUNT_SEED,
      name: 'answer',
      now: NOW,
      expiresAt: new Date(NOW.getTime() + 3_600_000),
      notBefore: NOW,
    });
    // i32.const 42 -> i32.const 43 inside the nested core module
    const at = indexOfSequence(signed.bytes, [0x41, 0x2a, 0x0b]);
    const tampered = signed.bytes.slice();
    tampered[at + 1] = 0x2b;
    expect(codeOf(() => readComponentClaims(tampered, { now: NOW }))).toBe('invalid_module_hash');

    const badToken = signed.bytes.slice();
    const sig = signed.bytes.length - 5;
    badToken[sig] = (badToken[sig] as number) === 0x41 ? 0x42 : 0x41;
    expect(codeOf(() => readComponentClaims(badToken, { now: NOW }))).toBe('invalid_signature');

    expect(
      codeOf(() => readComponentClaims(signed.bytes, { now: new Date(NOW.getTime() + 7_200_000) })),
    ).toBe('expired');
    expect(codeOf(() => readComponentClaims(signed.bytes, { now: new Date(NOW.getTime() - 1000) }))).toBe(
      'not_yet_valid',
    );
    expect(codeOf(() => readComponentClaims(signed.bytes, { now: NOW, allowedIssuers: [COMPONENT] }))).toBe(
      'untrusted_issuer',
    );
  });

  test('key objects sign exactly as their seeds do', () => {
    const options = { name: 'answer', now: NOW, jti: 'FIXEDJTI0000000000000A' };
    const bySeed = signComponent(component, {
      ...options,
      accountSeed: ACCOUNT_SEED,
      subjectSeed: COMPONENT_SEED,
    });
    const byKey = signComponent(component, {
      ...options,
      accountKey: keyFromSeed(ACCOUNT_SEED),
      subjectKey: keyFromSeed(COMPONENT_SEED),
    });
    expect(byKey.jwt).toBe(bySeed.jwt);
    expect(byKey.bytes).toEqual(bySeed.bytes);
  });

  test('signing refuses a key of the wrong kind', () => {
    expect(
      codeOf(() => signComponent(component, { accountKey: keyFromSeed(COMPONENT_SEED), name: 'x' })),
    ).toBe('invalid_key');
    expect(
      codeOf(() =>
        signComponent(component, {
          accountKey: keyFromSeed(ACCOUNT_SEED),
          subjectKey: keyFromSeed(ACCOUNT_SEED),
          name: 'x',
        }),
      ),
    ).toBe('invalid_key');
  });

  test('signing refuses a seed of the wrong kind', () => {
    expect(codeOf(() => signComponent(component, { accountSeed: COMPONENT_SEED, name: 'x' }))).toBe(
      'invalid_key',
    );
    expect(
      codeOf(() =>
        signComponent(component, { accountSeed: ACCOUNT_SEED, subjectSeed: ACCOUNT_SEED, name: 'x' }),
      ),
    ).toBe('invalid_key');
  });

  test('random bytes and random corruption give a typed error or a result, never a crash', () => {
    const sane = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        if (!isProtocolError(error)) throw error;
      }
    };
    const everything = (input: Uint8Array) => {
      sane(() => moduleHash(input));
      sane(() => extractClaimsToken(input));
      sane(() => readComponentClaims(input));
      sane(() => embedClaimsToken(input, 'a.b.c'));
    };
    const preambled = fc
      .tuple(fc.constantFrom(MODULE_PREAMBLE, COMPONENT_PREAMBLE), fc.uint8Array({ maxLength: 256 }))
      .map(([head, tail]) => bytes(head, tail));
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 256 }), preambled), everything), {
      seed: 20_240_601,
      numRuns: 500,
    });
    const signed = signComponent(component, { accountSeed: ACCOUNT_SEED, name: 'x', now: NOW }).bytes;
    const corrupted = fc
      .array(fc.tuple(fc.nat({ max: signed.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 4 })
      .map((edits) => {
        const copy = signed.slice();
        for (const [index, value] of edits) copy[index] = value;
        return copy;
      });
    fc.assert(fc.property(corrupted, everything), { seed: 7, numRuns: 80 });
    expect(codeOf(() => moduleHash(new Uint8Array(0)))).toBe('invalid_wasm');
  });

  test('appending a custom section keeps a core module valid', () => {
    expect(WebAssembly.validate(appendCustomSection(core, 'other', Uint8Array.of(1, 2, 3)))).toBe(true);
  });
});

function indexOfSequence(haystack: Uint8Array, needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  throw new Error('sequence not found');
}
