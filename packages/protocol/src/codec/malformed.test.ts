/**
 * Hostile input never crashes or hangs a decoder: every outcome is a value or ProtocolError('malformed').
 * Property runs use a fixed seed so failures reproduce.
 */
import { encode } from '@msgpack/msgpack';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCtlResponse } from '../ctl/envelope.ts';
import * as ctl from '../ctl/types.ts';
import { isProtocolError } from '../errors.ts';
import { parseEvent } from '../events/cloud-event.ts';
import { decodeLegacy, encodeLegacy } from '../legacy/codec.ts';
import * as L from '../legacy/types.ts';
import { decodeJson, encodeJson } from './json.ts';
import { decodeMsgpack } from './msgpack.ts';

const RUNS = { seed: 20_240_501, numRuns: 300 };
const utf8 = new TextEncoder();

/** Runs `fn`; passes if it returns or throws a malformed ProtocolError, fails on anything else. */
function valueOrMalformed(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (error) {
    if (isProtocolError(error, 'malformed')) return true;
    throw error;
  }
}

const expectMalformed = (fn: () => unknown) =>
  expect(fn).toThrow(expect.objectContaining({ code: 'malformed' }));

const decoders: [string, (bytes: Uint8Array) => unknown][] = [
  ['decodeJson(HostInventory)', (b) => decodeJson(ctl.HostInventory, b)],
  ['decodeJson(ScaleComponentCommand)', (b) => decodeJson(ctl.ScaleComponentCommand, b)],
  ['decodeCtlResponse(Host)', (b) => decodeCtlResponse(b, ctl.Host)],
  ['decodeLegacy(LegacyHostInventory)', (b) => decodeLegacy(L.LegacyHostInventory, b)],
  ['decodeLegacy(LegacyLinkDefinition)', (b) => decodeLegacy(L.LegacyLinkDefinition, b)],
  ['decodeMsgpack(LegacyStartActorCommand)', (b) => decodeMsgpack(L.LegacyStartActorCommand, b)],
  ['parseEvent', (b) => parseEvent(b)],
];

describe('malformed input', () => {
  for (const [name, decodeFn] of decoders) {
    it(`${name}: random bytes give a value or malformed`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => valueOrMalformed(() => decodeFn(bytes))),
        RUNS,
      );
    });

    it(`${name}: arbitrary JSON and msgpack values give a value or malformed`, () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          const json = utf8.encode(JSON.stringify(value) ?? 'null');
          return valueOrMalformed(() => decodeFn(json)) && valueOrMalformed(() => decodeFn(encode(value)));
        }),
        RUNS,
      );
    });
  }

  it('every truncation of a msgpack or JSON payload is malformed', () => {
    const command = fc.record({
      actor_ref: fc.string(),
      count: fc.integer({ min: 0, max: 0xffff }),
      host_id: fc.string(),
      annotations: fc.dictionary(fc.string(), fc.string(), { maxKeys: 4 }),
    });
    fc.assert(
      fc.property(command, fc.constantFrom('json' as const, 'msgpack' as const), (value, encoding) => {
        const bytes = encodeLegacy(L.LegacyStartActorCommand, value, encoding);
        for (let end = 0; end < bytes.length; end++) {
          expectMalformed(() => decodeLegacy(L.LegacyStartActorCommand, bytes.subarray(0, end)));
        }
        return true;
      }),
      { ...RUNS, numRuns: 100 },
    );
  });

  it('wrong field types name the field', () => {
    const wrong = fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 2 }), fc.object());
    fc.assert(
      fc.property(wrong, (bad) => {
        const json = JSON.stringify({ component_id: bad });
        try {
          decodeJson(ctl.ScaleComponentCommand, json);
          return false;
        } catch (error) {
          return isProtocolError(error, 'malformed') && (error as Error).message.includes('component_id');
        }
      }),
      RUNS,
    );
  });

  it('round-trips arbitrary valid ctl values', () => {
    const link = fc.record({
      source_id: fc.string(),
      target: fc.string(),
      name: fc.string(),
      wit_namespace: fc.string(),
      wit_package: fc.string(),
      interfaces: fc.array(fc.string()),
      source_config: fc.array(fc.string()),
      target_config: fc.array(fc.string()),
    });
    fc.assert(
      fc.property(link, (value) => {
        const bytes = encodeJson(ctl.Link, value);
        expect(decodeJson(ctl.Link, bytes)).toEqual(value);
        return true;
      }),
      RUNS,
    );
  });

  it('huge strings decode when within the limit and are refused beyond it', () => {
    const big = 'x'.repeat(4 * 1024 * 1024);
    expect(decodeJson(ctl.HostLabel, `{"key":"${big}","value":""}`).key.length).toBe(big.length);
    expectMalformed(() => decodeJson(ctl.HostLabel, `{"key":"${big}","value":""}`, { maxBytes: 1024 }));
    const packed = encodeLegacy(L.LegacyStopHostCommand, { host_id: big }, 'msgpack');
    expect(decodeLegacy(L.LegacyStopHostCommand, packed).value.host_id.length).toBe(big.length);
  });

  it('msgpack headers that claim more than the payload holds fail fast', () => {
    // str32 of 4 GiB, array32 and map32 of 2^32-1 entries, bin32: all with a few bytes of body.
    for (const header of [
      [0xdb, 0xff, 0xff, 0xff, 0xff, 0x61],
      [0xdd, 0xff, 0xff, 0xff, 0xff, 0x01],
      [0xdf, 0xff, 0xff, 0xff, 0xff, 0xa1, 0x61],
      [0xc6, 0xff, 0xff, 0xff, 0xff, 0x00],
    ]) {
      expectMalformed(() => decodeLegacy(L.LegacyHost, new Uint8Array(header)));
    }
  });

  it('deep nesting is malformed, not a stack overflow', () => {
    const depth = 200_000;
    expectMalformed(() => decodeJson(ctl.Host, '['.repeat(depth) + ']'.repeat(depth)));
    const packed = new Uint8Array(depth + 1).fill(0x91);
    packed[depth] = 0xc0;
    expectMalformed(() => decodeLegacy(L.LegacyHost, packed));
    expectMalformed(() => decodeJson(ctl.Host, `{"labels":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`));
  });

  it('non-UTF-8 JSON and trailing garbage are malformed', () => {
    expectMalformed(() => decodeJson(ctl.Host, new Uint8Array([0x7b, 0xff, 0x7d])));
    expectMalformed(() => decodeJson(ctl.Host, '{} x'));
    expectMalformed(() => decodeLegacy(L.LegacyHost, new Uint8Array([...encode({ id: 'N' }), 0xc0])));
  });
});
