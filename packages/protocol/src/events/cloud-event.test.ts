import { describe, expect, it } from 'vitest';
import { HostInventory } from '../ctl/types.ts';
import { isProtocolError } from '../errors.ts';
import { createEvent, encodeEvent, parseEvent } from './cloud-event.ts';
import * as ev from './index.ts';
import type { EventPayload } from './types.ts';

const HOST = 'NAHOSTAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const ID = '018f33e2-7a3b-7c1d-9e2f-0123456789ab';
const TIME = '2024-05-01T12:34:56.123Z';
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const envelope = (type: string, data: string) =>
  `{"specversion":"1.0","id":"${ID}","type":"com.wasmcloud.lattice.${type}","source":"${HOST}","datacontenttype":"application/json","time":"${TIME}","data":${data}}`;

const link = {
  source_id: 'http',
  target: 'echo',
  wit_namespace: 'wasi',
  wit_package: 'http',
  interfaces: ['incoming-handler'],
};
const linkJson =
  '"interfaces":["incoming-handler"],"name":"default","source_config":[],"source_id":"http","target":"echo","target_config":[],"wit_namespace":"wasi","wit_package":"http"';
const claims = {
  version: '0.1.0',
  tags: null,
  revision: 0,
  not_before_human: 'never',
  name: 'echo',
  issuer: 'AISSUER',
  expires_human: 'never',
  call_alias: null,
};
const claimsJson =
  '{"call_alias":null,"expires_human":"never","issuer":"AISSUER","name":"echo","not_before_human":"never","revision":0,"tags":null,"version":"0.1.0"}';
const entity = (k: string) => ({ public_key: k, link_name: 'default', contract_id: 'wasmcloud:x' });

// [payload, expected data JSON]: one vector per event type (and per shape where a type has two).
const vectors: [string, EventPayload, string][] = [
  [
    'host_started',
    ev.hostStarted({ version: '1.9.2', labels: { b: '1', a: '2' }, friendly_name: 'f' }),
    '{"friendly_name":"f","labels":{"a":"2","b":"1"},"uptime_seconds":0,"version":"1.9.2"}',
  ],
  ['host_stopped', ev.hostStopped({ labels: {} }), '{"labels":{}}'],
  [
    'host_heartbeat',
    ev.hostHeartbeat({
      components: [{ id: 'echo', image_ref: 'r', annotations: {}, max_instances: 1 }],
      providers: [{ id: 'p', image_ref: 'pr', revision: 0 }],
      host_id: HOST,
      friendly_name: 'f',
      labels: { os: 'linux' },
      version: '1.9.2',
      uptime_human: '30s',
      uptime_seconds: 30,
    }),
    `{"components":[{"annotations":{},"id":"echo","image_ref":"r","limits":null,"max_instances":1,"revision":0}],"friendly_name":"f","host_id":"${HOST}","labels":{"os":"linux"},"providers":[{"id":"p","image_ref":"pr","revision":0}],"uptime_human":"30s","uptime_seconds":30,"version":"1.9.2"}`,
  ],
  [
    'component_scaled with claims',
    ev.componentScaled({
      public_key: 'MKEY',
      max_instances: 1,
      image_ref: 'r',
      host_id: HOST,
      component_id: 'echo',
      claims,
      annotations: {},
    }),
    `{"annotations":{},"claims":${claimsJson},"component_id":"echo","host_id":"${HOST}","image_ref":"r","max_instances":1,"public_key":"MKEY"}`,
  ],
  [
    'component_scaled without claims',
    ev.componentScaled({
      max_instances: 0,
      image_ref: 'r',
      host_id: HOST,
      component_id: 'echo',
      annotations: { x: 'y' },
    }),
    `{"annotations":{"x":"y"},"component_id":"echo","host_id":"${HOST}","image_ref":"r","max_instances":0}`,
  ],
  [
    'component_scale_failed',
    ev.componentScaleFailed({
      error: 'failed to fetch: 404',
      max_instances: 1,
      image_ref: 'r',
      host_id: HOST,
      component_id: 'c',
      annotations: {},
    }),
    `{"annotations":{},"component_id":"c","error":"failed to fetch: 404","host_id":"${HOST}","image_ref":"r","max_instances":1}`,
  ],
  [
    'provider_started with claims',
    ev.providerStarted({
      provider_id: 'VKEY',
      image_ref: 'pr',
      host_id: HOST,
      annotations: {},
      claims: {
        version: '1',
        tags: null,
        not_before_human: 'never',
        name: 'p',
        issuer: 'A',
        expires_human: 'never',
      },
    }),
    `{"annotations":{},"claims":{"expires_human":"never","issuer":"A","name":"p","not_before_human":"never","tags":null,"version":"1"},"host_id":"${HOST}","image_ref":"pr","instance_id":"VKEY","link_name":"default","provider_id":"VKEY","public_key":"VKEY"}`,
  ],
  [
    'provider_started without claims',
    ev.providerStarted({
      provider_id: 'http',
      image_ref: 'wasmcloud+builtin://http-server',
      host_id: HOST,
      annotations: {},
    }),
    `{"annotations":{},"host_id":"${HOST}","image_ref":"wasmcloud+builtin://http-server","provider_id":"http"}`,
  ],
  [
    'provider_start_failed',
    ev.providerStartFailed({ provider_ref: 'pr', provider_id: 'p', host_id: HOST, error: 'boom' }),
    `{"error":"boom","host_id":"${HOST}","link_name":"default","provider_id":"p","provider_ref":"pr"}`,
  ],
  [
    'provider_stopped',
    ev.providerStopped({ provider_id: 'p', host_id: HOST, annotations: {} }),
    `{"annotations":{},"host_id":"${HOST}","instance_id":"p","link_name":"default","provider_id":"p","public_key":"p","reason":"stop"}`,
  ],
  [
    'health_check_passed',
    ev.healthCheck('health_check_passed', { provider_id: 'p', host_id: HOST }),
    `{"host_id":"${HOST}","provider_id":"p"}`,
  ],
  [
    'health_check_failed',
    ev.healthCheck('health_check_failed', { provider_id: 'p', host_id: HOST }),
    `{"host_id":"${HOST}","provider_id":"p"}`,
  ],
  [
    'health_check_status',
    ev.healthCheck('health_check_status', { provider_id: 'p', host_id: HOST }),
    `{"host_id":"${HOST}","provider_id":"p"}`,
  ],
  ['linkdef_set', ev.linkdefSet(link), `{${linkJson}}`],
  ['linkdef_set_failed', ev.linkdefSetFailed(link, 'conflict'), `{"error":"conflict",${linkJson}}`],
  [
    'linkdef_deleted (link existed)',
    ev.linkdefDeleted(link, { target: 'echo', interfaces: ['incoming-handler'] }),
    '{"interfaces":["incoming-handler"],"name":"default","source_id":"http","target":"echo","wit_namespace":"wasi","wit_package":"http"}',
  ],
  [
    'linkdef_deleted (no such link)',
    ev.linkdefDeleted({ ...link, name: 'n' }),
    '{"name":"n","source_id":"http","wit_namespace":"wasi","wit_package":"http"}',
  ],
  ['config_set', ev.configSet('cfg'), '{"config_name":"cfg"}'],
  ['config_deleted', ev.configDeleted('cfg'), '{"config_name":"cfg"}'],
  [
    'labels_changed',
    ev.labelsChanged({ labels: { zone: 'a', arch: 'x' }, host_id: HOST }),
    `{"host_id":"${HOST}","labels":{"arch":"x","zone":"a"}}`,
  ],
  [
    'component_started',
    ev.componentStarted({
      public_key: 'M',
      image_ref: 'r',
      api_version: '1',
      instance_id: 'i',
      annotations: {},
      claims: { sub: 'M', iss: 'A' },
    }),
    '{"annotations":{},"api_version":"1","claims":{"iss":"A","sub":"M"},"image_ref":"r","instance_id":"i","public_key":"M"}',
  ],
  [
    'components_started',
    ev.componentsStarted({
      public_key: 'M',
      image_ref: 'r',
      annotations: {},
      host_id: HOST,
      count: 2,
      claims: {},
    }),
    `{"annotations":{},"claims":{},"count":2,"host_id":"${HOST}","image_ref":"r","public_key":"M"}`,
  ],
  [
    'component_stopped',
    ev.componentStopped({ public_key: 'M', instance_id: 'i', annotations: {} }),
    '{"annotations":{},"instance_id":"i","public_key":"M"}',
  ],
  [
    'components_stopped',
    ev.componentsStopped({ host_id: HOST, public_key: 'M', count: 1, remaining: 0, annotations: {} }),
    `{"annotations":{},"count":1,"host_id":"${HOST}","public_key":"M","remaining":0}`,
  ],
  [
    'component_start_failed',
    ev.componentStartFailed({ component_ref: 'r', error: 'e' }),
    '{"component_ref":"r","error":"e"}',
  ],
  [
    'components_start_failed',
    ev.componentsStartFailed({ public_key: 'M', image_ref: 'r', annotations: {}, host_id: HOST, error: 'e' }),
    `{"annotations":{},"error":"e","host_id":"${HOST}","image_ref":"r","public_key":"M"}`,
  ],
  [
    'component_updated',
    ev.componentUpdated({ public_key: 'M', revision: 2, instance_id: 'i' }),
    '{"instance_id":"i","public_key":"M","revision":2}',
  ],
  [
    'component_update_failed',
    ev.componentUpdateFailed({ public_key: 'M', revision: 2, instance_id: 'i', reason: 'r' }),
    '{"instance_id":"i","public_key":"M","reason":"r","revision":2}',
  ],
  [
    'refmap_set',
    ev.refmapSet({ oci_url: 'ghcr.io/x:1', public_key: 'M' }),
    '{"oci_url":"ghcr.io/x:1","public_key":"M"}',
  ],
  [
    'provider_started (seed 000)',
    ev.legacyProviderStarted({
      public_key: 'V',
      image_ref: 'r',
      link_name: 'default',
      contract_id: 'c',
      instance_id: 'i',
      annotations: {},
      claims: {},
    }),
    '{"annotations":{},"claims":{},"contract_id":"c","image_ref":"r","instance_id":"i","link_name":"default","public_key":"V"}',
  ],
  [
    'provider_stopped (seed 000)',
    ev.legacyProviderStopped({
      public_key: 'V',
      link_name: 'default',
      contract_id: 'c',
      instance_id: 'i',
      annotations: {},
      reason: 'stop',
    }),
    '{"annotations":{},"contract_id":"c","instance_id":"i","link_name":"default","public_key":"V","reason":"stop"}',
  ],
  [
    'provider_start_failed (seed 000)',
    ev.legacyProviderStartFailed({ provider_ref: 'r', link_name: 'default', error: 'e' }),
    '{"error":"e","link_name":"default","provider_ref":"r"}',
  ],
  [
    'health_check_passed (seed 000)',
    ev.legacyHealthCheck('health_check_passed', { public_key: 'V', contract_id: 'c', link_name: 'default' }),
    '{"contract_id":"c","link_name":"default","public_key":"V"}',
  ],
  [
    'linkdef_set (seed 000)',
    ev.legacyLinkdefSet({
      id: 'H',
      component_id: 'M',
      provider_id: 'V',
      link_name: 'default',
      contract_id: 'c',
      values: { b: '1', a: '2' },
    }),
    '{"component_id":"M","contract_id":"c","id":"H","link_name":"default","provider_id":"V","values":{"a":"2","b":"1"}}',
  ],
  [
    'linkdef_deleted (seed 000)',
    ev.legacyLinkdefDeleted({
      id: 'H',
      component_id: 'M',
      provider_id: 'V',
      link_name: 'default',
      contract_id: 'c',
      values: {},
    }),
    '{"component_id":"M","contract_id":"c","id":"H","link_name":"default","provider_id":"V","values":{}}',
  ],
  [
    'invocation_succeeded',
    ev.invocationSucceeded({ source: entity('M'), dest: entity('V'), operation: 'Handle', bytes: 12 }),
    '{"bytes":12,"dest":{"contract_id":"wasmcloud:x","link_name":"default","public_key":"V"},"operation":"Handle","source":{"contract_id":"wasmcloud:x","link_name":"default","public_key":"M"}}',
  ],
  [
    'invocation_failed',
    ev.invocationFailed({ source: entity('M'), dest: entity('V'), operation: 'Handle', bytes: 0 }),
    '{"bytes":0,"dest":{"contract_id":"wasmcloud:x","link_name":"default","public_key":"V"},"operation":"Handle","source":{"contract_id":"wasmcloud:x","link_name":"default","public_key":"M"}}',
  ],
];

describe('CloudEvents golden vectors', () => {
  for (const [name, payload, data] of vectors) {
    it(`${name}: exact bytes and round trip`, () => {
      const event = createEvent({ ...payload, source: HOST, id: ID, time: TIME });
      const bytes = encodeEvent(event);
      expect(text(bytes)).toBe(envelope(payload.type, data));
      const parsed = parseEvent(bytes);
      expect(parsed.name).toBe(payload.type);
      expect(text(encodeEvent(parsed))).toBe(envelope(payload.type, data));
    });
  }

  it('covers every event name', () => {
    const covered = new Set(vectors.map(([, p]) => p.type));
    for (const type of [...ev.EVENT_TYPES_V1, ...ev.EVENT_TYPES_SEED_000, ...ev.RPC_EVENT_TYPES]) {
      expect(covered).toContain(type);
    }
  });
});

describe('createEvent / parseEvent', () => {
  it('fills id, time and content type', () => {
    const before = Date.now();
    const event = createEvent({ ...ev.configSet('c'), source: HOST });
    expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(ev.eventIdTime(event.id)).toBeGreaterThanOrEqual(before);
    expect(event.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/);
    expect(Object.keys(event)).toEqual([
      'specversion',
      'id',
      'type',
      'source',
      'datacontenttype',
      'time',
      'data',
    ]);
  });

  it('parses tolerantly and decodes typed data', () => {
    const raw = `{"data":{"labels":{},"version":"1.9.2","friendly_name":"f","uptime_seconds":0},"extra":1,"type":"com.wasmcloud.lattice.host_heartbeat","source":"${HOST}","id":"x","specversion":"1.0"}`;
    const event = parseEvent(raw);
    expect(event.time).toBeUndefined();
    expect(event.name).toBe('host_heartbeat');
    const typed = parseEvent(
      raw.replace('"labels":{}', '"labels":{},"actors":[],"providers":[]'),
      HostInventory,
    );
    expect(typed.data?.components).toEqual([]);
    expect(typed.data?.version).toBe('1.9.2');
    expect(() => parseEvent(raw, HostInventory)).toThrow(/components/);
  });

  it('rejects a wrong specversion and a missing source as malformed', () => {
    for (const bad of [
      '{"specversion":"0.3","id":"1","type":"t","source":"s"}',
      '{"specversion":"1.0","id":"1","type":"t"}',
    ]) {
      try {
        parseEvent(bad);
        expect.unreachable();
      } catch (error) {
        expect(isProtocolError(error, 'malformed')).toBe(true);
      }
    }
  });
});
