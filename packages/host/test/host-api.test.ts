/**
 * The Host API (seed 002) in single-player mode: no NATS, lattice data in memory, same operations; plus
 * manifests (YAML and JSON) and the event stream seen in-process.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHandlerComponent, signedVariants } from '@trellis/components';
import type { CloudEvent } from '@trellis/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Host, isHostError } from '../src/index.ts';

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);
let host: Host;
let dir: string;
let bytes: Uint8Array;
let wasm: string;
const events: CloudEvent[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trellis-api-test-'));
  bytes = await buildHandlerComponent();
  wasm = join(dir, 'echo.wasm');
  await writeFile(wasm, bytes);
  host = new Host({ workers: 1, labels: { role: 'solo' }, cacheDir: join(dir, 'cache') });
  host.onEvent((event) => events.push(event));
  await host.start();
});

afterAll(async () => {
  await host?.stop();
  await rm(dir, { recursive: true, force: true });
});

const types = () => events.map((e) => e.type.replace('com.wasmcloud.lattice.', ''));

describe('single-player host', () => {
  it('starts without NATS and says so', () => {
    expect(host.singlePlayer).toBe(true);
    expect(types()[0]).toBe('host_started');
    expect(host.labels()).toMatchObject({ role: 'solo', 'hostcore.osfamily': 'unix' });
  });

  it('startActor from bytes and from a path; callActor by id', async () => {
    const fromBytes = await host.startActor(bytes, { id: 'mem' });
    const fromPath = await host.startComponent(wasm);
    expect([fromBytes, fromPath]).toEqual(['mem', 'echo']);
    expect(str(await host.callActor('mem', 'upper', text('a')))).toBe('A');
    expect(str(await host.callActor('echo', 'echo', text('b')))).toBe('b');
    expect(host.actors().map((c) => c.id)).toEqual(['echo', 'mem']);
    expect(host.ociRefs()).toMatchObject({ [wasm]: 'echo' });
  });

  it('a signed component is known by its claims subject; a tampered one fails', async () => {
    const variants = signedVariants(bytes, { name: 'solo-signed' });
    const id = await host.startActor(variants.signed);
    expect(id).toBe(variants.componentPublicKey);
    expect(host.claims()).toContainEqual(expect.objectContaining({ sub: id, name: 'solo-signed' }));
    await expect(host.startActor(variants.tampered, { id: 'bad' })).rejects.toSatisfy((e) =>
      isHostError(e, 'start_failed'),
    );
  });

  it('callActor errors are typed', async () => {
    await expect(host.callActor('nobody', 'echo')).rejects.toSatisfy((e) => isHostError(e, 'not_found'));
    await expect(host.callActor('mem', 'fail', text('boom'))).rejects.toThrow('boom');
  });

  it('updateActor swaps the code; stopActor is idempotent', async () => {
    await host.updateActor('mem', bytes.slice(), { ref: 'mem:v2' });
    expect(host.actors().find((c) => c.id === 'mem')?.image_ref).toBe('mem:v2');
    await host.stopActor('mem');
    await host.stopActor('mem');
    expect(host.actors().some((c) => c.id === 'mem')).toBe(false);
    await expect(host.updateActor('mem', bytes)).rejects.toSatisfy((e) => isHostError(e, 'not_found'));
  });

  it('setLink / linkDefinitions / removeLink with the 1.x rules', async () => {
    const link = {
      source_id: 'echo',
      target: 'kv',
      wit_namespace: 'wasi',
      wit_package: 'keyvalue',
      interfaces: ['store'],
    };
    await host.setLink(link);
    await expect(host.setLink({ ...link, target: 'other' })).rejects.toSatisfy((e) =>
      isHostError(e, 'conflict'),
    );
    await expect(host.setLink({ ...link, name: 'x', source_config: ['missing'] })).rejects.toSatisfy((e) =>
      isHostError(e, 'not_found'),
    );
    expect(host.linkDefinitions()).toEqual([
      { ...link, name: 'default', source_config: [], target_config: [] },
    ]);
    await host.removeLink({ source_id: 'echo', wit_namespace: 'wasi', wit_package: 'keyvalue' });
    expect(host.linkDefinitions()).toEqual([]);
  });

  it('refuses hostcore.* labels', () => {
    expect(() => host.setLabel('hostcore.os', 'x')).toThrow('hostcore.* labels cannot be set dynamically');
  });
});

describe('manifests', () => {
  it('applies YAML: labels, config, components, links', async () => {
    const result = await host.applyManifest(`
labels:
  tier: gold
config:
  greeting: { word: hello }
components:
  - image: ${wasm}
    id: greeter
    count: 2
    config: [greeting]
links:
  - { source_id: greeter, target: kv, wit_namespace: wasi, wit_package: keyvalue, interfaces: [store] }
`);
    expect(result).toEqual({ labels: ['tier'], config: ['greeting'], components: ['greeter'], links: 1 });
    expect(host.labels().tier).toBe('gold');
    expect(str(await host.callActor('greeter', 'config', text('word')))).toBe('hello');
    expect(host.actors().find((c) => c.id === 'greeter')?.max_instances).toBe(2);
    expect(host.linkDefinitions()).toHaveLength(1);
  });

  it('applies JSON too', async () => {
    const result = await host.applyManifest(JSON.stringify({ actors: [{ image: wasm, id: 'json-one' }] }));
    expect(result.components).toEqual(['json-one']);
  });

  it('fails clearly, before changing anything, on what it cannot apply', async () => {
    const before = host.actors().length;
    await expect(
      host.applyManifest(`components: [{image: ${wasm}, id: x}]\nproviders: [{image: p}]`),
    ).rejects.toThrow("manifest: 'providers': capability providers are not supported yet by this host");
    await expect(host.applyManifest('frobs: []')).rejects.toThrow("manifest: unknown key 'frobs'");
    await expect(host.applyManifest('components: [{id: nope}]')).rejects.toThrow(
      "components[0] needs 'image'",
    );
    await expect(host.applyManifest('labels: [')).rejects.toSatisfy((e) => isHostError(e, 'invalid_options'));
    expect(host.actors().length).toBe(before);
  });
});

describe('stop', () => {
  it('stops components without component_scaled (as 1.9.2), then host_stopped last', async () => {
    const mark = events.length;
    const running = host.actors().length;
    expect(running).toBeGreaterThanOrEqual(3);
    await host.stop();
    const after = types().slice(mark);
    expect(after.at(-1)).toBe('host_stopped');
    expect(after.filter((t) => t === 'component_scaled')).toEqual([]);
    // The older event set still says each one stopped.
    expect(after.filter((t) => t === 'component_stopped').length).toBe(running);
    await expect(host.callActor('echo', 'echo')).rejects.toSatisfy((e) => isHostError(e, 'not_running'));
  });
});
