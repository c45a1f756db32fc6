import { decode, encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { decodeLegacy, detectLegacyEncoding, encodeLegacy } from './codec.ts';
import { linkdefHash } from './linkdef-hash.ts';
import * as L from './types.ts';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const json = (s: string) => new TextEncoder().encode(s);

// Every 0.x type with a sample value (fields out of order) and the JSON bytes in wire order.
const vectors = [
  {
    schema: L.LegacyActorAuctionRequest,
    value: { constraints: { a: 'b' }, actor_ref: 'r' },
    json: '{"actor_ref":"r","constraints":{"a":"b"}}',
  },
  {
    schema: L.LegacyActorAuctionAck,
    value: { host_id: 'N', actor_ref: 'r' },
    json: '{"actor_ref":"r","host_id":"N","constraints":{}}',
  },
  {
    schema: L.LegacyProviderAuctionRequest,
    value: { provider_ref: 'p', constraints: {} },
    json: '{"constraints":{},"link_name":"default","provider_ref":"p"}',
  },
  {
    schema: L.LegacyProviderAuctionAck,
    value: { provider_ref: 'p', host_id: 'N', link_name: 'x' },
    json: '{"host_id":"N","link_name":"x","provider_ref":"p","constraints":{}}',
  },
  {
    schema: L.LegacyStartActorCommand,
    value: { host_id: 'N', actor_ref: 'r' },
    json: '{"actor_ref":"r","count":1,"host_id":"N"}',
  },
  {
    schema: L.LegacyScaleActorCommand,
    value: { count: 3, actor_ref: 'r', actor_id: 'M' },
    json: '{"actor_id":"M","actor_ref":"r","count":3,"host_id":""}',
  },
  {
    schema: L.LegacyStopActorCommand,
    value: { annotations: { k: 'v' }, actor_ref: 'M', count: 1 },
    json: '{"actor_ref":"M","annotations":{"k":"v"},"count":1,"host_id":""}',
  },
  {
    schema: L.LegacyStartProviderCommand,
    value: { provider_ref: 'p', configuration: '{}' },
    json: '{"configuration":"{}","host_id":"","link_name":"default","provider_ref":"p"}',
  },
  {
    schema: L.LegacyStopProviderCommand,
    value: { provider_ref: 'V', contract_id: 'wasmcloud:httpserver' },
    json: '{"contract_id":"wasmcloud:httpserver","host_id":"","link_name":"default","provider_ref":"V"}',
  },
  {
    schema: L.LegacyUpdateActorCommand,
    value: { new_actor_ref: 'r2', actor_id: 'M' },
    json: '{"actor_id":"M","host_id":"","new_actor_ref":"r2"}',
  },
  { schema: L.LegacyStopHostCommand, value: { timeout: 500 }, json: '{"host_id":"","timeout":500}' },
  {
    schema: L.LegacyLinkDefinition,
    value: { values: { PORT: '8080' }, contract_id: 'c', provider_id: 'V', actor_id: 'M' },
    json: '{"actor_id":"M","provider_id":"V","link_name":"default","contract_id":"c","values":{"PORT":"8080"}}',
  },
  {
    schema: L.LegacyRemoveLinkDefinitionRequest,
    value: { link_name: 'l', actor_id: 'M', contract_id: 'c' },
    json: '{"actor_id":"M","contract_id":"c","link_name":"l"}',
  },
  { schema: L.LegacyCtlOperationAck, value: { accepted: true }, json: '{"accepted":true,"error":""}' },
  {
    schema: L.LegacyHostInventory,
    value: {
      providers: [{ id: 'V', contract_id: 'c', revision: 1 }],
      actors: [{ id: 'M', instances: [{ instance_id: 'i', max_concurrent: 2 }] }],
      host_id: 'N',
      issuer: 'C',
      labels: { os: 'linux' },
    },
    json: '{"actors":[{"id":"M","instances":[{"instance_id":"i","revision":0,"max_concurrent":2}]}],"host_id":"N","issuer":"C","friendly_name":"","labels":{"os":"linux"},"providers":[{"id":"V","contract_id":"c","link_name":"default","revision":1}]}',
  },
  {
    schema: L.LegacyHost,
    value: { uptime_seconds: 5, id: 'N', lattice_prefix: 'default' },
    json: '{"friendly_name":"","id":"N","lattice_prefix":"default","uptime_seconds":5}',
  },
  { schema: L.LegacyLinkDefinitionList, value: { links: [] }, json: '{"links":[]}' },
  {
    schema: L.LegacyClaimsList,
    value: { claims: [{ sub: 'M', iss: 'A' }] },
    json: '{"claims":[{"sub":"M","iss":"A"}]}',
  },
] as const;

describe('0.x codec', () => {
  for (const { schema, value, json: expected } of vectors) {
    it(`${expected.slice(0, 40)}…: JSON bytes, and round trip in JSON and msgpack`, () => {
      const s = schema as never;
      const asJson = encodeLegacy(s, value as never, 'json');
      expect(text(asJson)).toBe(expected);
      const fromJson = decodeLegacy(s, asJson);
      expect(fromJson.encoding).toBe('json');

      const asMsgpack = encodeLegacy(s, value as never, 'msgpack');
      expect(detectLegacyEncoding(asMsgpack)).toBe('msgpack');
      // Named fields, same order as JSON.
      expect(JSON.stringify(decode(asMsgpack))).toBe(expected);
      const fromMsgpack = decodeLegacy(s, asMsgpack);
      expect(fromMsgpack.encoding).toBe('msgpack');
      expect(fromMsgpack.value).toEqual(fromJson.value);
      expect(text(encodeLegacy(s, fromMsgpack.value as never, 'json'))).toBe(expected);
    });
  }

  it('detects JSON after leading whitespace', () => {
    const r = decodeLegacy(L.LegacyCtlOperationAck, json('\n  {"accepted":false,"error":"no"}'));
    expect(r).toEqual({ value: { accepted: false, error: 'no' }, encoding: 'json' });
  });

  it('reads old names: count aliases, lattice, uptime, public_key, max_instances', () => {
    expect(
      decodeLegacy(L.LegacyScaleActorCommand, encode({ actor_ref: 'r', max_concurrent: 4 })).value.count,
    ).toBe(4);
    expect(decodeLegacy(L.LegacyScaleActorCommand, json('{"actor_ref":"r"}')).value.count).toBeNull();
    const host = decodeLegacy(L.LegacyHost, json('{"id":"N","lattice":"l","uptime":9,"issuer":"C"}')).value;
    expect(host).toMatchObject({ lattice_prefix: 'l', uptime_seconds: 9, issuer: 'C' });
    const inv = decodeLegacy(
      L.LegacyHostInventory,
      json('{"actors":[{"public_key":"M","instances":[{"max_instances":2}]}],"providers":[]}'),
    ).value;
    expect(inv.actors[0]?.id).toBe('M');
    expect(inv.actors[0]?.instances[0]?.max_concurrent).toBe(2);
  });

  it('computes the OTP link definition id', () => {
    // sha256("Mwasmcloud:httpserverdefault"), uppercase.
    const id = linkdefHash('M', 'wasmcloud:httpserver', 'default');
    expect(id).toMatch(/^[0-9A-F]{64}$/);
    expect(id).not.toBe(linkdefHash('M', 'wasmcloud:httpserver', 'other'));
    expect(linkdefHash('', '', '')).toBe('E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855');
  });

  it('throws malformed on empty, truncated and mistyped input', () => {
    const full = encode({ actor_ref: 'r', count: 2, host_id: 'N' });
    for (const bad of [
      new Uint8Array(),
      full.subarray(0, full.length - 3),
      json('{"actor_ref":'),
      encode({ actor_ref: 7 }),
    ]) {
      expect(() => decodeLegacy(L.LegacyStartActorCommand, bad)).toThrow(
        expect.objectContaining({ code: 'malformed' }),
      );
    }
  });
});
