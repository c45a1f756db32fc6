import { describe, expect, it } from 'vitest';
import { decodeJson, encodeJson } from '../codec/json.ts';
import { isProtocolError } from '../errors.ts';
import * as ctl from './types.ts';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const HOST = 'NAHOSTAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

// Each vector: a value (fields deliberately out of order, maps unsorted) and the exact bytes 1.9.2 writes.
const golden = [
  {
    name: 'ScaleComponentCommand',
    schema: ctl.ScaleComponentCommand,
    value: {
      count: 2,
      component_id: 'echo',
      component_ref: 'ghcr.io/x/echo:1',
      annotations: { z: '1', a: '2' },
    },
    json: '{"component_ref":"ghcr.io/x/echo:1","component_id":"echo","annotations":{"a":"2","z":"1"},"count":2,"host_id":"","config":[],"allow_update":false}',
  },
  {
    name: 'ScaleComponentCommand with limits',
    schema: ctl.ScaleComponentCommand,
    value: {
      component_id: 'c',
      count: 0,
      component_limits: { max_memory_limit: '64' },
      host_id: HOST,
      config: ['cfg'],
      allow_update: true,
    },
    json: `{"component_ref":"","component_id":"c","count":0,"component_limits":{"max_memory_limit":"64"},"host_id":"${HOST}","config":["cfg"],"allow_update":true}`,
  },
  {
    name: 'UpdateComponentCommand',
    schema: ctl.UpdateComponentCommand,
    value: { new_component_ref: 'r:2', host_id: HOST, component_id: 'c' },
    json: `{"component_id":"c","host_id":"${HOST}","new_component_ref":"r:2"}`,
  },
  {
    name: 'StartProviderCommand',
    schema: ctl.StartProviderCommand,
    value: { annotations: {}, provider_ref: 'wasmcloud+builtin://http-server', provider_id: 'http' },
    json: '{"provider_id":"http","provider_ref":"wasmcloud+builtin://http-server","host_id":"","config":[],"annotations":{}}',
  },
  {
    name: 'StopProviderCommand',
    schema: ctl.StopProviderCommand,
    value: { provider_id: 'p', host_id: HOST },
    json: `{"host_id":"${HOST}","provider_id":"p"}`,
  },
  { name: 'StopHostCommand', schema: ctl.StopHostCommand, value: {}, json: '{"host_id":""}' },
  {
    name: 'StopHostCommand with timeout',
    schema: ctl.StopHostCommand,
    value: { timeout: 500, host_id: HOST },
    json: `{"host_id":"${HOST}","timeout":500}`,
  },
  {
    name: 'ComponentAuctionRequest',
    schema: ctl.ComponentAuctionRequest,
    value: { constraints: { zone: 'b', arch: 'x' }, component_id: 'c', component_ref: 'r' },
    json: '{"component_ref":"r","component_id":"c","constraints":{"arch":"x","zone":"b"}}',
  },
  {
    name: 'ComponentAuctionAck',
    schema: ctl.ComponentAuctionAck,
    value: { host_id: HOST, component_id: 'c', component_ref: 'r', constraints: {} },
    json: `{"component_ref":"r","component_id":"c","host_id":"${HOST}","constraints":{}}`,
  },
  {
    name: 'ProviderAuctionRequest',
    schema: ctl.ProviderAuctionRequest,
    value: { provider_id: 'p', provider_ref: 'r', constraints: { k: 'v' } },
    json: '{"provider_ref":"r","provider_id":"p","constraints":{"k":"v"}}',
  },
  {
    name: 'ProviderAuctionAck',
    schema: ctl.ProviderAuctionAck,
    value: { provider_id: 'p', provider_ref: 'r', host_id: HOST, constraints: { k: 'v' } },
    json: `{"host_id":"${HOST}","provider_ref":"r","provider_id":"p","constraints":{"k":"v"}}`,
  },
  {
    name: 'Link',
    schema: ctl.Link,
    value: {
      interfaces: ['incoming-handler'],
      wit_package: 'http',
      wit_namespace: 'wasi',
      target: 'echo',
      source_id: 'http-server',
    },
    json: '{"source_id":"http-server","target":"echo","name":"default","wit_namespace":"wasi","wit_package":"http","interfaces":["incoming-handler"],"source_config":[],"target_config":[]}',
  },
  {
    name: 'DeleteInterfaceLinkDefinitionRequest',
    schema: ctl.DeleteInterfaceLinkDefinitionRequest,
    value: { wit_package: 'http', wit_namespace: 'wasi', name: 'n', source_id: 's' },
    json: '{"source_id":"s","name":"n","wit_namespace":"wasi","wit_package":"http"}',
  },
  {
    name: 'Host',
    schema: ctl.Host,
    value: {
      version: '1.9.2',
      uptime_seconds: 3723,
      uptime_human: '1h 2m 3s',
      lattice: 'default',
      labels: { 'hostcore.os': 'linux', 'hostcore.arch': 'x86_64' },
      id: HOST,
      friendly_name: 'quiet-sky-1234',
      ctl_host: 'nats://127.0.0.1:4222',
      rpc_host: 'nats://127.0.0.1:4222',
    },
    json: `{"rpc_host":"nats://127.0.0.1:4222","ctl_host":"nats://127.0.0.1:4222","friendly_name":"quiet-sky-1234","id":"${HOST}","labels":{"hostcore.arch":"x86_64","hostcore.os":"linux"},"lattice":"default","uptime_human":"1h 2m 3s","uptime_seconds":3723,"version":"1.9.2"}`,
  },
  {
    name: 'HostInventory',
    schema: ctl.HostInventory,
    value: {
      components: [{ id: 'echo', image_ref: 'r', annotations: {}, max_instances: 1 }],
      providers: [{ id: 'p', revision: 0 }],
      host_id: HOST,
      friendly_name: 'f',
      labels: { b: '2', a: '1' },
      version: '1.9.2',
      uptime_human: '5s',
      uptime_seconds: 5,
    },
    json: `{"components":[{"id":"echo","image_ref":"r","annotations":{},"revision":0,"max_instances":1,"limits":null}],"providers":[{"id":"p","revision":0}],"host_id":"${HOST}","friendly_name":"f","labels":{"a":"1","b":"2"},"version":"1.9.2","uptime_human":"5s","uptime_seconds":5}`,
  },
  {
    name: 'ComponentDescription (all fields)',
    schema: ctl.ComponentDescription,
    value: {
      limits: { max_execution_time: '10' },
      max_instances: 3,
      revision: 2,
      annotations: { y: '1', x: '2' },
      name: 'Echo',
      image_ref: 'r',
      id: 'M1',
    },
    json: '{"id":"M1","image_ref":"r","name":"Echo","annotations":{"x":"2","y":"1"},"revision":2,"max_instances":3,"limits":{"max_execution_time":"10"}}',
  },
  {
    name: 'ProviderDescription (all fields)',
    schema: ctl.ProviderDescription,
    value: { annotations: { a: 'b' }, revision: 1, name: 'HTTP', image_ref: 'r', id: 'V1' },
    json: '{"id":"V1","image_ref":"r","name":"HTTP","revision":1,"annotations":{"a":"b"}}',
  },
  {
    name: 'ClaimsList',
    schema: ctl.ClaimsList,
    value: [{ iss: 'A', issuer: 'A', sub: 'M', subject: 'M', rev: '1', revision: '1' }],
    json: '[{"iss":"A","issuer":"A","sub":"M","subject":"M","rev":"1","revision":"1"}]',
  },
  {
    name: 'HostLabel',
    schema: ctl.HostLabel,
    value: { value: 'v', key: 'k' },
    json: '{"key":"k","value":"v"}',
  },
  { name: 'HostLabelIdentifier', schema: ctl.HostLabelIdentifier, value: { key: 'k' }, json: '{"key":"k"}' },
  {
    name: 'RegistryCredential',
    schema: ctl.RegistryCredential,
    value: { username: 'u', password: 'p' },
    json: '{"password":"p","username":"u","registryType":"oci"}',
  },
  {
    name: 'RegistryCredentialMap',
    schema: ctl.RegistryCredentialMap,
    value: { 'ghcr.io': { token: 't', registryType: 'oci' } },
    json: '{"ghcr.io":{"token":"t","registryType":"oci"}}',
  },
  { name: 'ConfigMap', schema: ctl.ConfigMap, value: { b: '1', a: '2' }, json: '{"b":"1","a":"2"}' },
] as const;

describe('ctl v1 golden vectors', () => {
  for (const { name, schema, value, json } of golden) {
    it(`${name} encodes to the 1.9.2 bytes and decodes back`, () => {
      const encoded = encodeJson(schema as never, value as never);
      expect(text(encoded)).toBe(json);
      const decoded = decodeJson(schema as never, encoded);
      expect(text(encodeJson(schema as never, decoded as never))).toBe(json);
    });
  }
});

describe('ctl v1 tolerant decoding', () => {
  it('reads max_instances as count, and count wins when both are present', () => {
    expect(decodeJson(ctl.ScaleComponentCommand, '{"component_id":"c","max_instances":4}').count).toBe(4);
    expect(
      decodeJson(ctl.ScaleComponentCommand, '{"component_id":"c","max_instances":4,"count":2}').count,
    ).toBe(2);
  });

  it('reads actors as components', () => {
    const inv = decodeJson(ctl.HostInventory, '{"actors":[{"id":"M"}],"providers":[]}');
    expect(inv.components).toEqual([{ id: 'M', image_ref: '', revision: 0, max_instances: 0, limits: null }]);
    expect(inv.host_id).toBe('');
  });

  it('reads link_name as name, and defaults name to "default"', () => {
    const base = '"source_id":"s","target":"t","wit_namespace":"w","wit_package":"p","interfaces":[]';
    expect(decodeJson(ctl.Link, `{${base},"link_name":"old"}`).name).toBe('old');
    expect(decodeJson(ctl.Link, `{${base}}`).name).toBe('default');
    expect(
      decodeJson(
        ctl.DeleteInterfaceLinkDefinitionRequest,
        '{"source_id":"s","wit_namespace":"w","wit_package":"p"}',
      ).name,
    ).toBe('default');
  });

  it('reads provider_ref as provider_id for stop provider', () => {
    expect(decodeJson(ctl.StopProviderCommand, '{"provider_ref":"V1"}')).toEqual({
      host_id: '',
      provider_id: 'V1',
    });
  });

  it('ignores unknown fields and treats null optionals as absent', () => {
    const host = decodeJson(ctl.Host, '{"id":"N","issuer":"C","cluster_issuers":"x","js_domain":null}');
    expect(host).toEqual({ friendly_name: '', id: 'N', labels: {}, lattice: '', uptime_seconds: 0 });
  });

  it('defaults registryType to oci', () => {
    expect(decodeJson(ctl.RegistryCredential, '{}')).toEqual({ registryType: 'oci' });
  });

  it('names the field path of a wrong type', () => {
    try {
      decodeJson(ctl.HostInventory, '{"components":[{"id":7}],"providers":[]}');
      expect.unreachable();
    } catch (error) {
      expect(isProtocolError(error, 'malformed')).toBe(true);
      expect((error as Error).message).toContain('components[0].id');
    }
  });

  it('rejects a missing required field and an out-of-range count', () => {
    expect(() => decodeJson(ctl.ScaleComponentCommand, '{"count":1}')).toThrow(/component_id/);
    expect(() => decodeJson(ctl.ScaleComponentCommand, '{"component_id":"c","count":-1}')).toThrow(/count/);
    expect(() => decodeJson(ctl.ScaleComponentCommand, '{"component_id":"c","count":1.5}')).toThrow(/count/);
  });
});
