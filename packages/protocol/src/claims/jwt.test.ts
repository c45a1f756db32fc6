import { describe, expect, test } from 'vitest';
import { keyFromSeed } from '../keys/keys.ts';
import { codeOf } from '../testing/code-of.ts';
import { fromBase64Url, toBase64Url } from './base64url.ts';
import { normalizeCallAlias } from './call-alias.ts';
import {
  decodeJwt,
  encodeComponentJwt,
  encodeHostJwt,
  encodeInvocationJwt,
  toComponentClaims,
  toInvocationClaims,
  verifyJwt,
} from './jwt.ts';
import type { ComponentClaims } from './types.ts';

// Fixed test-only seeds: the golden tokens below depend on them (Ed25519 signatures are deterministic).
const ACCOUNT_SEED = 'SAAK5BKHNLRDYRQDFLNSNE3ZNKIJZ72SIEOWTNRHVUKLNFLU7I2WIGDBLE';
const ACCOUNT = 'ADWTOQACRWRA7XLSSOLMTP2DEMKYDD5FZ4TY24WOUQ3QMHLQ3L5JRD4I';
const COMPONENT = 'MCU7GEDF2RP4DP745MHFN3K24N4YPXW7IJMX2MBJZFMF6NVFTH2EVEGI';
const HOST = 'NBRBDCECY527S2HM6D5GN72PAM6ZUXJEWICVMTGHJNPHF2EMA5W33II6';
const CLUSTER_SEED = 'SCADRJE3XUFL2WTF74QS4ERMT6NU6U2HVNVHITPPLBBM74QX73CE4MHK44';

const account = keyFromSeed(ACCOUNT_SEED);
const IAT = 1_700_000_000;
const NOW = new Date(IAT * 1000);

const componentClaims: ComponentClaims = {
  jti: 'ABCDEFGHIJKLMNOPQRSTUV',
  iat: IAT,
  iss: ACCOUNT,
  sub: COMPONENT,
  wascap: {
    // deliberately out of order: the encoder writes struct order
    prov: false,
    hash: 'DEADBEEF',
    name: 'echo',
    ver: '0.1.0',
    rev: 2,
    tags: ['a', 'b'],
  },
  wascap_revision: 3,
};

const COMPONENT_BODY =
  '{"jti":"ABCDEFGHIJKLMNOPQRSTUV","iat":1700000000,' +
  `"iss":"${ACCOUNT}","sub":"${COMPONENT}",` +
  '"wascap":{"name":"echo","hash":"DEADBEEF","tags":["a","b"],"rev":2,"ver":"0.1.0","prov":false},' +
  '"wascap_revision":3}';

const GOLDEN_COMPONENT_JWT =
  'eyJ0eXAiOiJqd3QiLCJhbGciOiJFZDI1NTE5In0.' +
  'eyJqdGkiOiJBQkNERUZHSElKS0xNTk9QUVJTVFVWIiwiaWF0IjoxNzAwMDAwMDAwLCJpc3MiOiJBRFdUT1FBQ1JXUkE3WExTU09MTVRQMkRFTUtZREQ1Rlo0VFkyNFdPVVEzUU1ITFEzTDVKUkQ0SSIsInN1YiI6Ik1DVTdHRURGMlJQNERQNzQ1TUhGTjNLMjRONFlQWFc3SUpNWDJNQkpaRk1GNk5WRlRIMkVWRUdJIiwid2FzY2FwIjp7Im5hbWUiOiJlY2hvIiwiaGFzaCI6IkRFQURCRUVGIiwidGFncyI6WyJhIiwiYiJdLCJyZXYiOjIsInZlciI6IjAuMS4wIiwicHJvdiI6ZmFsc2V9LCJ3YXNjYXBfcmV2aXNpb24iOjN9.' +
  'xGrFXIxIgS1cGK2-1eTJgXLuIZSkv7rzW36TvAYl6aEtj6lwbU86KHtL1oDzf_saWjKQHQ7bw1t6e_oPglEKAA';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('wascap JWT', () => {
  test('the seeds give the keys the vectors name', () => {
    expect(account.publicKey).toBe(ACCOUNT);
    expect(keyFromSeed(CLUSTER_SEED).kind).toBe('cluster');
  });

  test('encodes the exact header and claims text, and the golden token', () => {
    const token = encodeComponentJwt(componentClaims, account);
    const [head, body] = token.split('.') as [string, string, string];
    expect(text(fromBase64Url(head))).toBe('{"typ":"jwt","alg":"Ed25519"}');
    expect(text(fromBase64Url(body))).toBe(COMPONENT_BODY);
    expect(token).toBe(GOLDEN_COMPONENT_JWT);
  });

  test('the golden token decodes and verifies', () => {
    const claims = toComponentClaims(
      verifyJwt(GOLDEN_COMPONENT_JWT, { now: NOW, allowedIssuers: [ACCOUNT] }),
    );
    expect(claims.iss).toBe(ACCOUNT);
    expect(claims.sub).toBe(COMPONENT);
    expect(claims.wascap).toEqual({
      name: 'echo',
      hash: 'DEADBEEF',
      tags: ['a', 'b'],
      rev: 2,
      ver: '0.1.0',
      prov: false,
    });
    expect(decodeJwt(GOLDEN_COMPONENT_JWT).header).toEqual({ typ: 'jwt', alg: 'Ed25519' });
  });

  test('any flipped character of the golden token fails', () => {
    const flip = (token: string, index: number) => {
      const c = token[index] === 'A' ? 'B' : 'A';
      return token.slice(0, index) + c + token.slice(index + 1);
    };
    const [head, body] = GOLDEN_COMPONENT_JWT.split('.') as [string, string];
    // in the claims: the signature no longer matches (or the segment no longer parses)
    for (const index of [head.length + 5, head.length + 1 + Math.floor(body.length / 2)]) {
      expect(['invalid_signature', 'malformed']).toContain(
        codeOf(() => verifyJwt(flip(GOLDEN_COMPONENT_JWT, index))),
      );
    }
    // in the signature, including the last character (strict base64url: no ignored trailing bits)
    expect(codeOf(() => verifyJwt(flip(GOLDEN_COMPONENT_JWT, GOLDEN_COMPONENT_JWT.length - 10)))).toBe(
      'invalid_signature',
    );
    expect(['invalid_signature', 'malformed']).toContain(
      codeOf(() => verifyJwt(flip(GOLDEN_COMPONENT_JWT, GOLDEN_COMPONENT_JWT.length - 1))),
    );
  });

  test('exp and nbf are checked against the injected time', () => {
    const token = encodeComponentJwt({ ...componentClaims, exp: IAT + 60, nbf: IAT - 60 }, account);
    expect(codeOf(() => verifyJwt(token, { now: NOW }))).toBeUndefined();
    expect(codeOf(() => verifyJwt(token, { now: new Date((IAT + 60) * 1000) }))).toBeUndefined();
    expect(codeOf(() => verifyJwt(token, { now: new Date((IAT + 61) * 1000) }))).toBe('expired');
    expect(codeOf(() => verifyJwt(token, { now: new Date((IAT - 61) * 1000) }))).toBe('not_yet_valid');
  });

  test('an issuer outside the allow-list is untrusted', () => {
    const token = encodeComponentJwt(componentClaims, account);
    expect(codeOf(() => verifyJwt(token, { now: NOW, allowedIssuers: [HOST] }))).toBe('untrusted_issuer');
  });

  test('a token signed by another key than its iss fails', () => {
    const token = encodeComponentJwt(componentClaims, keyFromSeed(CLUSTER_SEED));
    expect(codeOf(() => verifyJwt(token, { now: NOW }))).toBe('invalid_signature');
  });

  test('an injected signature check gets the issuer, the signing input and the signature, and decides', () => {
    const seen: [string, string, number][] = [];
    const spy = (accept: boolean) => (publicKey: string, data: Uint8Array, signature: Uint8Array) => {
      seen.push([publicKey, new TextDecoder().decode(data), signature.length]);
      return accept;
    };
    expect(verifyJwt(GOLDEN_COMPONENT_JWT, { now: NOW, verifySignature: spy(true) }).iss).toBe(ACCOUNT);
    const [head, body] = GOLDEN_COMPONENT_JWT.split('.');
    expect(seen).toEqual([[ACCOUNT, `${head}.${body}`, 64]]);
    expect(codeOf(() => verifyJwt(GOLDEN_COMPONENT_JWT, { now: NOW, verifySignature: spy(false) }))).toBe(
      'invalid_signature',
    );
  });

  test('a wrong header or empty issuer/subject is rejected', () => {
    const [, body, sig] = encodeComponentJwt(componentClaims, account).split('.') as [string, string, string];
    const header = (json: string) => toBase64Url(new TextEncoder().encode(json));
    expect(codeOf(() => verifyJwt(`${header('{"typ":"jwt","alg":"HS256"}')}.${body}.${sig}`))).toBe(
      'invalid_signature',
    );
    expect(codeOf(() => verifyJwt(`${header('{"typ":"JWT","alg":"Ed25519"}')}.${body}.${sig}`))).toBe(
      'malformed',
    );
    const noIssuer = encodeComponentJwt({ ...componentClaims, iss: '' }, account);
    expect(codeOf(() => verifyJwt(noIssuer))).toBe('malformed');
    const noSubject = encodeComponentJwt({ ...componentClaims, sub: '' }, account);
    expect(codeOf(() => verifyJwt(noSubject))).toBe('malformed');
    for (const junk of ['', 'a.b', 'a.b.c', '...', `${body}.${body}.${sig}`]) {
      expect(codeOf(() => verifyJwt(junk))).toBe('malformed');
    }
  });

  test('host and invocation variants write their wascap in struct order', () => {
    const host = encodeHostJwt(
      {
        jti: 'J',
        iat: IAT,
        iss: ACCOUNT,
        sub: HOST,
        wascap: { labels: { self_signed: 'true' }, name: 'quiet-fog' },
        wascap_revision: 3,
      },
      account,
    );
    expect(text(fromBase64Url(host.split('.')[1] as string))).toBe(
      `{"jti":"J","iat":${IAT},"iss":"${ACCOUNT}","sub":"${HOST}",` +
        '"wascap":{"name":"quiet-fog","labels":{"self_signed":"true"}},"wascap_revision":3}',
    );
    const invocation = encodeInvocationJwt(
      {
        jti: 'J',
        iat: IAT,
        iss: ACCOUNT,
        sub: 'inv-1',
        wascap: { hash: 'H', origin_url: 'wasmbus://M', target_url: 'wasmbus://N/Op' },
      },
      account,
    );
    expect(text(fromBase64Url(invocation.split('.')[1] as string))).toBe(
      `{"jti":"J","iat":${IAT},"iss":"${ACCOUNT}","sub":"inv-1",` +
        '"wascap":{"target_url":"wasmbus://N/Op","origin_url":"wasmbus://M","hash":"H"}}',
    );
    expect(toInvocationClaims(verifyJwt(invocation)).wascap.hash).toBe('H');
  });

  test('decoding is tolerant: unknown fields dropped, null optionals absent, prov defaults to false', () => {
    const claims = toComponentClaims({
      ...componentClaims,
      exp: undefined,
      wascap: { hash: 'H', name: null, caps: ['wasmcloud:httpserver'], extra: 1 },
    });
    expect(claims.wascap).toEqual({ hash: 'H', caps: ['wasmcloud:httpserver'], prov: false });
  });

  test('call_alias is normalised like wascap', () => {
    expect(normalizeCallAlias('  My-Cool.Alias Ünï ')).toBe('my_cool_alias_n');
  });
});
