/**
 * Every control route in real workerd against a real nats-server and a real host running the example handler
 * component: happy paths, validation, auth, and the mapping of each failure (refusal 409, failed outcome 422,
 * no responders 503, timeout 504, too large 413).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCluster } from '@nats-io/nkeys';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { buildHandlerComponent } from '@trellis/components';
import { Host } from '@trellis/host';
import { type NatsServer, startNatsServer } from '@trellis/infra/nats';
import { ctlV1Subjects } from '@trellis/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_TOKEN, startTestEdge, type TestEdge } from './harness.ts';

const lattice = 'edgeapi';
const base = `/v1/lattices/${lattice}`;
let nats: NatsServer;
let edge: TestEdge;
let host: Host;
let nc: NatsConnection;
let dir: string;
let componentRef: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trellis-edge-api-'));
  const wasm = join(dir, 'handler.wasm');
  await writeFile(wasm, await buildHandlerComponent());
  componentRef = pathToFileURL(wasm).href;
  nats = await startNatsServer();
  host = new Host({ natsUrl: nats.url, lattice, labels: { zone: 'eu' }, workers: 1 });
  await host.start();
  nc = await connect({ servers: nats.url });
  const seed = new TextDecoder().decode(createCluster().getSeed());
  edge = await startTestEdge(nats.wsUrl, { vars: { TRELLIS_SIGNING_SEED: seed, MAX_BODY_BYTES: '4096' } });
});

afterAll(async () => {
  await edge?.stop();
  await nc?.close();
  await host?.stop();
  await nats?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in assertions
type Json = Record<string, any>;
async function call(
  path: string,
  init: Parameters<TestEdge['api']>[1] = {},
): Promise<{ status: number; body: Json }> {
  const response = await edge.api(path, init);
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : JSON.parse(text) };
}

describe('open routes', () => {
  it('GET /healthz says NATS is reachable, without a token', async () => {
    const { status, body } = await call('/healthz', { token: null });
    expect(status).toBe(200);
    expect(body.nats).toMatchObject({ reachable: true, url: nats.wsUrl });
  });

  it('GET /openapi.json documents every route', async () => {
    const { status, body } = await call('/openapi.json', { token: null });
    expect(status).toBe(200);
    const paths = Object.keys(body.paths);
    for (const path of [
      '/healthz',
      '/v1/lattices/{lattice}/hosts',
      '/v1/lattices/{lattice}/hosts/{hostId}',
      '/v1/lattices/{lattice}/auctions/components',
      '/v1/lattices/{lattice}/auctions/providers',
      '/v1/lattices/{lattice}/hosts/{hostId}/components/{componentId}',
      '/v1/lattices/{lattice}/hosts/{hostId}/components/{componentId}/update',
      '/v1/lattices/{lattice}/hosts/{hostId}/providers',
      '/v1/lattices/{lattice}/hosts/{hostId}/providers/{providerId}',
      '/v1/lattices/{lattice}/links',
      '/v1/lattices/{lattice}/config/{name}',
      '/v1/lattices/{lattice}/hosts/{hostId}/labels/{key}',
      '/v1/lattices/{lattice}/claims',
      '/v1/lattices/{lattice}/components/{componentId}/invoke',
      '/v1/lattices/{lattice}/events',
    ]) {
      expect(paths).toContain(path);
    }
    const linkBody =
      body.paths['/v1/lattices/{lattice}/links'].put.requestBody.content['application/json'].schema;
    expect(linkBody.required).toEqual(expect.arrayContaining(['source_id', 'target', 'wit_namespace']));
    expect(body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});

describe('auth', () => {
  it('401 without or with an unknown token, 403 for a read token on a write', async () => {
    expect((await call(`${base}/hosts`, { token: null })).status).toBe(401);
    const wrong = await call(`${base}/hosts`, { token: 'not-a-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('unauthorized');
    const forbidden = await call(`${base}/config/c1`, { method: 'PUT', token: READ_TOKEN, json: { a: 'b' } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('forbidden');
  });

  it('a read token may list hosts', async () => {
    const { status, body } = await call(`${base}/hosts?timeout_ms=500`, { token: READ_TOKEN });
    expect(status).toBe(200);
    expect(body.map((h: Json) => h.id)).toEqual([host.id]);
  });
});

describe('hosts and auctions', () => {
  it('GET /hosts/{id} is the inventory; an unknown host is 503 no_responders', async () => {
    const inventory = await call(`${base}/hosts/${host.id}`);
    expect(inventory.status).toBe(200);
    expect(inventory.body).toMatchObject({ host_id: host.id, components: [], providers: [] });
    const unknown = await call(`${base}/hosts/NUNKNOWN`);
    expect(unknown.status).toBe(503);
    expect(unknown.body.error.code).toBe('no_responders');
  });

  it('504 when a subscriber never answers within timeout_ms', async () => {
    const silent = nc.subscribe(ctlV1Subjects(lattice).hostGet('NSILENT'));
    await nc.flush();
    const { status, body } = await call(`${base}/hosts/NSILENT?timeout_ms=300`);
    silent.unsubscribe();
    expect(status).toBe(504);
    expect(body.error.code).toBe('timeout');
  });

  it('component auctions gather every qualifying ack; constraints filter', async () => {
    const request = { component_ref: componentRef, component_id: 'echo', constraints: { zone: 'eu' } };
    const eu = await call(`${base}/auctions/components?timeout_ms=500`, { method: 'POST', json: request });
    expect(eu.status).toBe(200);
    expect(eu.body.map((a: Json) => a.host_id)).toEqual([host.id]);
    const us = await call(`${base}/auctions/components?timeout_ms=500`, {
      method: 'POST',
      json: { ...request, constraints: { zone: 'us' } },
    });
    expect(us.body).toEqual([]);
    const providers = await call(`${base}/auctions/providers?timeout_ms=300`, {
      method: 'POST',
      json: { provider_ref: 'file:///p', provider_id: 'p', constraints: { zone: 'us' } },
    });
    expect(providers).toEqual({ status: 200, body: [] });
  });

  it('400 names the bad field; 413 above the body limit', async () => {
    const bad = await call(`${base}/auctions/components`, {
      method: 'POST',
      json: { component_ref: componentRef, constraints: {} },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_request', field: 'component_id' });
    const badJson = await call(`${base}/links`, {
      method: 'PUT',
      body: '{not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(badJson.status).toBe(400);
    const big = await call(`${base}/config/big`, { method: 'PUT', json: { v: 'x'.repeat(8000) } });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
  });
});

describe('components', () => {
  const path = () => `${base}/hosts/${host.id}/components/echo`;

  it('scales with wait=true and answers with the component_scaled event', async () => {
    const { status, body } = await call(`${path()}?wait=true`, {
      method: 'PUT',
      json: { component_ref: componentRef, count: 2 },
    });
    expect(status).toBe(200);
    expect(body.accepted).toBe(true);
    expect(body.event.type).toBe('com.wasmcloud.lattice.component_scaled');
    expect(body.event.data).toMatchObject({ component_id: 'echo', max_instances: 2 });
    const inventory = await call(`${base}/hosts/${host.id}`);
    expect(inventory.body.components.map((c: Json) => [c.id, c.max_instances])).toEqual([['echo', 2]]);
  });

  it('invokes it with a JSON or base64 payload, signed at the edge', async () => {
    const echoed = await call(`${base}/components/echo/invoke`, {
      method: 'POST',
      json: { operation: 'echo', json: { hello: 'world' } },
    });
    expect(echoed.status).toBe(200);
    expect(echoed.body.json).toEqual({ hello: 'world' });
    const upper = await call(`${base}/components/echo/invoke`, {
      method: 'POST',
      json: { operation: 'upper', payload: Buffer.from('abc').toString('base64') },
    });
    expect(upper.body).toMatchObject({ payload: Buffer.from('ABC').toString('base64'), text: 'ABC' });
    const both = await call(`${base}/components/echo/invoke`, {
      method: 'POST',
      json: { operation: 'echo', payload: 'YQ==', json: 1 },
    });
    expect(both.status).toBe(400);
  });

  it('a failed outcome is 422 with the failure event', async () => {
    const { status, body } = await call(`${base}/hosts/${host.id}/components/broken?wait=true`, {
      method: 'PUT',
      json: { component_ref: pathToFileURL(join(dir, 'missing.wasm')).href, count: 1 },
    });
    expect(status).toBe(422);
    expect(body.error.code).toBe('failed');
  });

  it('live-updates with wait=true; a failed update is 422 with the host reason', async () => {
    const v2 = pathToFileURL(join(dir, 'echo-v2.wasm')).href;
    await writeFile(join(dir, 'echo-v2.wasm'), await buildHandlerComponent());
    const ok = await call(`${path()}/update?wait=true`, { method: 'POST', json: { new_component_ref: v2 } });
    expect(ok.status).toBe(200);
    expect(ok.body.event.data).toMatchObject({ component_id: 'echo', image_ref: v2 });
    const missing = pathToFileURL(join(dir, 'missing-v3.wasm')).href;
    const bad = await call(`${path()}/update?wait=true&timeout_ms=5000`, {
      method: 'POST',
      json: { new_component_ref: missing },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('failed');
    expect(bad.body.error.message).toContain('missing-v3.wasm');
  });

  it('scales to zero with DELETE and wait=true', async () => {
    const { status, body } = await call(`${path()}?wait=true`, { method: 'DELETE' });
    expect(status).toBe(200);
    expect(body.event.data).toMatchObject({ component_id: 'echo', max_instances: 0 });
  });
});

describe('config, links, labels, claims', () => {
  it('puts, gets and deletes a config; a missing one is 404', async () => {
    expect((await call(`${base}/config/app`, { method: 'PUT', json: { greeting: 'hi' } })).status).toBe(200);
    expect(await call(`${base}/config/app`, { token: READ_TOKEN })).toEqual({
      status: 200,
      body: { greeting: 'hi' },
    });
    expect((await call(`${base}/config/app`, { method: 'DELETE' })).status).toBe(200);
    const gone = await call(`${base}/config/app`);
    expect(gone.status).toBe(404);
  });

  it('puts, lists and deletes a link', async () => {
    const link = {
      source_id: 'echo',
      target: 'kv',
      wit_namespace: 'wasi',
      wit_package: 'keyvalue',
      interfaces: ['store'],
    };
    expect((await call(`${base}/links`, { method: 'PUT', json: link })).status).toBe(200);
    const listed = await call(`${base}/links`);
    expect(listed.body).toEqual([{ ...link, name: 'default', source_config: [], target_config: [] }]);
    const bad = await call(`${base}/links`, { method: 'PUT', json: { ...link, target: undefined } });
    expect(bad.body.error.field).toBe('target');
    const { target: _t, interfaces: _i, ...key } = link;
    expect((await call(`${base}/links`, { method: 'DELETE', json: key })).status).toBe(200);
    expect((await call(`${base}/links`)).body).toEqual([]);
  });

  it('puts and deletes a label; a refused one is 409 with the host message', async () => {
    const put = await call(`${base}/hosts/${host.id}/labels/tier`, {
      method: 'PUT',
      json: { value: 'gold' },
    });
    expect(put.status).toBe(200);
    expect((await call(`${base}/hosts/${host.id}`)).body.labels.tier).toBe('gold');
    expect((await call(`${base}/hosts/${host.id}/labels/tier`, { method: 'DELETE' })).status).toBe(200);
    const refused = await call(`${base}/hosts/${host.id}/labels/hostcore.os`, {
      method: 'PUT',
      json: { value: 'x' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('refused');
    expect(refused.body.error.host_message).toBe(refused.body.error.message);
    expect(refused.body.error.message).not.toBe('');
  });

  it('lists claims', async () => {
    const { status, body } = await call(`${base}/claims`, { token: READ_TOKEN });
    expect(status).toBe(200);
    expect(Array.isArray(body)).toBe(true);
  });

  it('stopping a provider that is not running answers as the host does', async () => {
    const { status, body } = await call(`${base}/hosts/${host.id}/providers/nothing`, { method: 'DELETE' });
    expect([200, 409]).toContain(status);
    if (status === 409) expect(body.error.host_message).toBeTruthy();
    const bad = await call(`${base}/hosts/${host.id}/providers`, {
      method: 'POST',
      json: { provider_id: 'p' },
    });
    expect(bad.body.error.field).toBe('provider_ref');
  });
});

describe('DELETE /hosts/{id}', () => {
  it('stops the host', async () => {
    const { status, body } = await call(`${base}/hosts/${host.id}`, { method: 'DELETE' });
    expect(status).toBe(200);
    expect(body.accepted).toBe(true);
    await host.stopped;
  });
});
