import { createHash } from 'node:crypto';
import { decode, encode } from '@msgpack/msgpack';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fromBase64Url } from '../claims/base64url.ts';
import { encodeInvocationJwt } from '../claims/jwt.ts';
import { keyFromSeed } from '../keys/keys.ts';
import { codeOf } from '../testing/code-of.ts';
import { invocationHash, signInvocation, signInvocationAsync, verifyInvocation } from './anti-forgery.ts';
import { entityUrl, targetUrl, type WasmCloudEntity } from './entity.ts';
import {
  decodeInvocation,
  decodeInvocationResponse,
  encodeInvocation,
  encodeInvocationResponse,
  type Invocation,
} from './invocation.ts';

// Fixed test-only seeds.
const CLUSTER_SEED = 'SCADRJE3XUFL2WTF74QS4ERMT6NU6U2HVNVHITPPLBBM74QX73CE4MHK44';
const CLUSTER = 'CAOSJSJZ6SU7ZWDY6GCWW6OSS2P3SCMU7PQ4S72JASSTUOXCOFU7PLDB';
const HOST = 'NBRBDCECY527S2HM6D5GN72PAM6ZUXJEWICVMTGHJNPHF2EMA5W33II6';
const COMPONENT = 'MCU7GEDF2RP4DP745MHFN3K24N4YPXW7IJMX2MBJZFMF6NVFTH2EVEGI';
const PROVIDER = 'VD22T5SMLAVIJJGNCKIGZNMDS6JS4MSWXRNZKGRO5Q64FAVDN46L46XR';
const ACCOUNT_SEED = 'SAAK5BKHNLRDYRQDFLNSNE3ZNKIJZ72SIEOWTNRHVUKLNFLU7I2WIGDBLE';
const NOW = new Date(1_700_000_000_000);

const actor: WasmCloudEntity = { public_key: COMPONENT, link_name: '', contract_id: '' };
const provider: WasmCloudEntity = {
  public_key: PROVIDER,
  link_name: 'Default',
  contract_id: 'wasmcloud:http server',
};
const msg = Uint8Array.of(0xc1, 1, 2, 3);

// The claims signInvocation writes for `signed()` below: a fixed seed, id, jti and time give this exact token.
const GOLDEN_INVOCATION_JWT = [
  'eyJ0eXAiOiJqd3QiLCJhbGciOiJFZDI1NTE5In0',
  'eyJqdGkiOiJKVEkwMDAwMDAwMDAwMDAwMDAwMDAwIiwiaWF0IjoxNzAwMDAwMDAwLCJpc3MiOiJDQU9TSlNKWjZTVTdaV0RZNkdD' +
    'V1c2T1NTMlAzU0NNVTdQUTRTNzJKQVNTVFVPWENPRlU3UExEQiIsInN1YiI6IjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJj' +
    'ZGVmIiwid2FzY2FwIjp7InRhcmdldF91cmwiOiJ3YXNtYnVzOi8vd2FzbWNsb3VkL2h0dHBfc2VydmVyL2RlZmF1bHQvVkQyMlQ1' +
    'U01MQVZJSkpHTkNLSUdaTk1EUzZKUzRNU1dYUk5aS0dSTzVRNjRGQVZETjQ2TDQ2WFIvSHR0cFNlcnZlci5IYW5kbGVSZXF1ZXN0' +
    'Iiwib3JpZ2luX3VybCI6Indhc21idXM6Ly9NQ1U3R0VERjJSUDREUDc0NU1IRk4zSzI0TjRZUFhXN0lKTVgyTUJKWkZNRjZOVkZU' +
    'SDJFVkVHSSIsImhhc2giOiJGMTQ3QjBCM0E3MEI0MjMwQjkxOUNBRDgyNUNDNDI3NEQwMjUxRTFGRjU3Njg5RDMzQTg5QjE3RjYw' +
    'RjVDNzQ5In0sIndhc2NhcF9yZXZpc2lvbiI6M30',
  'Ef0TOQu96bkQAe98pIvUEYNI-EvrMwrejppRZLXfgDQxcyW2VNzRrPrEYMGfzV9eygIy8BWlTe9oPc7Nq5Y3Bw',
].join('.');

const FIXED = {
  origin: actor,
  target: provider,
  operation: 'HttpServer.HandleRequest',
  msg,
  hostId: HOST,
  id: '0123456789abcdef0123456789abcdef',
  now: NOW,
  jti: 'JTI0000000000000000000',
};
const signed = () => signInvocation({ ...FIXED, signingSeed: CLUSTER_SEED });

describe('entity URLs', () => {
  test('actor and provider URLs as weld builds them', () => {
    expect(entityUrl(actor)).toBe(`wasmbus://${COMPONENT}`);
    expect(entityUrl(provider)).toBe(`wasmbus://wasmcloud/http_server/default/${PROVIDER}`);
    expect(targetUrl(provider, 'Op')).toBe(`wasmbus://wasmcloud/http_server/default/${PROVIDER}/Op`);
  });
});

describe('invocation envelope', () => {
  test('golden bytes of a small InvocationResponse: named fields in order, msg as bin', () => {
    const bytes = encodeInvocationResponse({ msg: Uint8Array.of(1, 2, 3), invocation_id: 'x' });
    const expected = [
      0x82,
      0xa3,
      ...Buffer.from('msg'),
      0xc4,
      0x03,
      1,
      2,
      3,
      0xad,
      ...Buffer.from('invocation_id'),
    ];
    expect([...bytes]).toEqual([...expected, 0xa1, 0x78]);
    expect(decodeInvocationResponse(bytes)).toEqual({ msg: Uint8Array.of(1, 2, 3), invocation_id: 'x' });
  });

  test('an Invocation encodes its fields in weld order and round-trips', () => {
    const invocation = { ...signed(), traceContext: { traceparent: '00-abc' } };
    const bytes = encodeInvocation(invocation);
    const raw = decode(bytes) as Record<string, unknown>;
    expect(Object.keys(raw)).toEqual([
      'origin',
      'target',
      'operation',
      'msg',
      'id',
      'encoded_claims',
      'host_id',
      'content_length',
      'traceContext',
    ]);
    expect(Object.keys(raw.origin as object)).toEqual(['public_key', 'link_name', 'contract_id']);
    expect(raw.msg).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(bytes).includes(Buffer.from([0xc4, msg.length, ...msg]))).toBe(true);
    expect(decodeInvocation(bytes)).toEqual(invocation);
  });

  test('decoding is tolerant: serde defaults, msg as an array, unknown fields ignored', () => {
    const bytes = encode({
      origin: { public_key: COMPONENT },
      target: { public_key: PROVIDER, link_name: 'default', contract_id: 'wasmcloud:httpserver', extra: 1 },
      operation: 'Op',
      id: 'i',
      encoded_claims: 'a.b.c',
      host_id: HOST,
      unknown: [1, 2],
    });
    const decoded = decodeInvocation(bytes);
    expect(decoded.origin).toEqual(actor);
    expect(decoded.msg).toEqual(new Uint8Array(0));
    expect(decoded.content_length).toBeUndefined();
    expect(decodeInvocationResponse(encode({ msg: [1, 2], invocation_id: 'i' })).msg).toEqual(
      Uint8Array.of(1, 2),
    );
  });

  test('truncated, mistyped or random msgpack is malformed, never a crash', () => {
    const bytes = encodeInvocation(signed());
    for (let cut = 0; cut < bytes.length; cut += 7) {
      expect(codeOf(() => decodeInvocation(bytes.subarray(0, cut)))).toBe('malformed');
    }
    expect(codeOf(() => decodeInvocation(encode({ ...signed(), operation: 42 })))).toBe('malformed');
    expect(codeOf(() => decodeInvocation(encode([1, 2, 3])))).toBe('malformed');
    expect(codeOf(() => decodeInvocation(Uint8Array.of(0xdb, 0xff, 0xff, 0xff, 0xff)))).toBe('malformed');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (random) => {
        for (const run of [() => decodeInvocation(random), () => decodeInvocationResponse(random)]) {
          const code = codeOf(run);
          if (code !== undefined) expect(code).toBe('malformed');
        }
      }),
      { seed: 42, numRuns: 500 },
    );
  });
});

describe('anti-forgery', () => {
  test('the hash is uppercase hex SHA-256 of origin ‖ target ‖ operation ‖ msg', () => {
    const expected = createHash('sha256')
      .update(
        Buffer.concat([Buffer.from('wasmbus://Mo'), Buffer.from('wasmbus://t/Op'), Buffer.from('Op'), msg]),
      )
      .digest('hex')
      .toUpperCase();
    expect(invocationHash('wasmbus://Mo', 'wasmbus://t/Op', 'Op', msg)).toBe(expected);
  });

  test('signInvocation writes the claims the reference names, and verifies', () => {
    const invocation = signed();
    const body = JSON.parse(
      new TextDecoder().decode(fromBase64Url(invocation.encoded_claims.split('.')[1] ?? '')),
    );
    const target = `wasmbus://wasmcloud/http_server/default/${PROVIDER}/HttpServer.HandleRequest`;
    expect(JSON.stringify(body)).toBe(
      JSON.stringify({
        jti: 'JTI0000000000000000000',
        iat: 1_700_000_000,
        iss: CLUSTER,
        sub: '0123456789abcdef0123456789abcdef',
        wascap: {
          target_url: target,
          origin_url: `wasmbus://${COMPONENT}`,
          hash: invocationHash(`wasmbus://${COMPONENT}`, target, 'HttpServer.HandleRequest', msg),
        },
        wascap_revision: 3,
      }),
    );
    expect(invocation.content_length).toBe(msg.length);
    expect(invocation.encoded_claims).toBe(GOLDEN_INVOCATION_JWT);
    const claims = verifyInvocation(decodeInvocation(encodeInvocation(invocation)), {
      allowedIssuers: [CLUSTER],
      now: NOW,
    });
    expect(claims.sub).toBe(invocation.id);
  });

  test('a SigningKey signs exactly as its seed does (the golden token)', () => {
    const invocation = signInvocation({ ...FIXED, signingKey: keyFromSeed(CLUSTER_SEED) });
    expect(invocation.encoded_claims).toBe(GOLDEN_INVOCATION_JWT);
    expect(invocation).toEqual(signed());
  });

  test('signInvocationAsync (native Ed25519 in Node) writes the golden token, byte for byte as signInvocation', async () => {
    const key = keyFromSeed(CLUSTER_SEED);
    for (const signer of [{ signingSeed: CLUSTER_SEED }, { signingKey: key }, { signingKey: key }]) {
      const invocation = await signInvocationAsync({ ...FIXED, ...signer });
      expect(invocation.encoded_claims).toBe(GOLDEN_INVOCATION_JWT);
      expect(encodeInvocation(invocation)).toEqual(encodeInvocation(signed()));
    }
  });

  test('signInvocationAsync and signInvocation agree on any payload, operation and id', async () => {
    const key = keyFromSeed(CLUSTER_SEED);
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 256 }),
        fc.string(),
        fc.stringMatching(/^[0-9a-f]{1,32}$/),
        async (bytes, operation, id) => {
          const fields = { ...FIXED, msg: bytes, operation, id, signingKey: key };
          const invocation = await signInvocationAsync(fields);
          expect(invocation.encoded_claims).toBe(signInvocation(fields).encoded_claims);
          expect(verifyInvocation(invocation, { now: NOW }).sub).toBe(id);
        },
      ),
      { numRuns: 50 },
    );
  });

  test('a changed payload, operation, origin, target or host id is an invocation_mismatch', () => {
    const invocation = signed();
    const mismatch = (changed: Invocation) => codeOf(() => verifyInvocation(changed, { now: NOW }));
    expect(mismatch({ ...invocation, msg: Uint8Array.of(0xc1, 9) })).toBe('invocation_mismatch');
    expect(mismatch({ ...invocation, operation: 'HttpServer.Other' })).toBe('invocation_mismatch');
    expect(mismatch({ ...invocation, origin: { ...actor, public_key: 'MOTHER' } })).toBe(
      'invocation_mismatch',
    );
    expect(mismatch({ ...invocation, target: { ...provider, link_name: 'other' } })).toBe(
      'invocation_mismatch',
    );
    expect(mismatch({ ...invocation, host_id: 'not-a-host' })).toBe('invocation_mismatch');
    expect(mismatch({ ...invocation, host_id: COMPONENT })).toBe('invocation_mismatch');
    expect(mismatch({ ...invocation, host_id: CLUSTER })).toBeUndefined();
  });

  test('an empty (chunked) msg skips the hash check', () => {
    expect(
      codeOf(() => verifyInvocation({ ...signed(), msg: new Uint8Array(0) }, { now: NOW })),
    ).toBeUndefined();
  });

  test('signature, issuer and time failures have their own codes', () => {
    const invocation = signed();
    const claims = invocation.encoded_claims;
    const at = claims.length - 10;
    const flipped = claims.slice(0, at) + (claims[at] === 'A' ? 'B' : 'A') + claims.slice(at + 1);
    expect(codeOf(() => verifyInvocation({ ...invocation, encoded_claims: flipped }))).toBe(
      'invalid_signature',
    );
    expect(codeOf(() => verifyInvocation(invocation, { allowedIssuers: [HOST] }))).toBe('untrusted_issuer');
    const expired = encodeInvocationJwt(
      {
        jti: 'j',
        iat: 1,
        exp: 2,
        iss: CLUSTER,
        sub: invocation.id,
        wascap: { target_url: '', origin_url: '', hash: '' },
      },
      keyFromSeed(CLUSTER_SEED),
    );
    expect(codeOf(() => verifyInvocation({ ...invocation, encoded_claims: expired }, { now: NOW }))).toBe(
      'expired',
    );
    const other = signInvocation({
      origin: actor,
      target: provider,
      operation: 'Op',
      msg,
      hostId: HOST,
      signingSeed: ACCOUNT_SEED,
    });
    expect(codeOf(() => verifyInvocation(other, { allowedIssuers: [CLUSTER] }))).toBe('untrusted_issuer');
    expect(codeOf(() => verifyInvocation({ ...invocation, encoded_claims: 'junk' }))).toBe('malformed');
  });
});
