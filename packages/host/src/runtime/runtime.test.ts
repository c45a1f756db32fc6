import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildHandlerComponent } from '@trellis/components';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRuntimeError, RuntimeError } from './errors.ts';
import { ComponentRuntime } from './runtime.ts';
import { bytes, startTestRuntime, type TestRuntime, text } from './test-support.ts';
import type { PreparedComponent } from './types.ts';

describe('ComponentRuntime with the tiny handler', () => {
  let t: TestRuntime;
  let tiny: Uint8Array;
  let prepared: PreparedComponent;

  beforeAll(async () => {
    t = await startTestRuntime();
    tiny = await buildHandlerComponent();
    prepared = await t.runtime.prepare(tiny);
    await t.runtime.deploy({
      componentId: 'echo',
      component: prepared,
      maxInstances: 4,
      config: { color: 'red' },
    });
  });
  afterAll(() => t.close());

  it('describes the prepared component', () => {
    expect(prepared.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(prepared.exports).toContain('trellis:lattice/handler@0.1.0');
    expect(prepared.imports).toEqual(
      expect.arrayContaining(['wasi:logging/logging', 'wasi:config/runtime', 'wasi:clocks/monotonic-clock']),
    );
  });

  it('echoes through the pool, many calls at once', async () => {
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) => t.runtime.call('echo', 'echo', bytes(`m${i}`))),
    );
    expect(replies.map(text)).toEqual(Array.from({ length: 50 }, (_, i) => `m${i}`));
    expect(text(await t.runtime.call('echo', 'upper', bytes('shout')))).toBe('SHOUT');
  });

  it("answers the component's err(...) as handler_error with its message", async () => {
    const error = await t.runtime.call('echo', 'fail', bytes('no such thing')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeError);
    expect(error).toMatchObject({ code: 'handler_error', message: 'no such thing' });
  });

  it('serves config values and sees a live config change', async () => {
    expect(text(await t.runtime.call('echo', 'config', bytes('color')))).toBe('red');
    t.runtime.setConfig('echo', { color: 'green', size: 'xl' });
    expect(text(await t.runtime.call('echo', 'config', bytes('color')))).toBe('green');
    expect(text(await t.runtime.call('echo', 'config', bytes('size')))).toBe('xl');
    t.runtime.setConfig('echo', {});
    await expect(t.runtime.call('echo', 'config', bytes('color'))).rejects.toMatchObject({
      code: 'handler_error',
      message: 'config key not set',
    });
  });

  it('sends wasi:logging lines to the host logger with the component id', async () => {
    await t.runtime.call('echo', 'log', bytes('hello from wasm'));
    await expect
      .poll(() => t.logs.find((l) => l.msg === 'hello from wasm'))
      .toMatchObject({
        level: 'info',
        componentId: 'echo',
        context: 'handler',
      });
  });

  it('tears down a trapped instance; the next call works', async () => {
    await t.runtime.deploy({ componentId: 'trapper', component: prepared, maxInstances: 1 });
    for (let round = 0; round < 3; round++) {
      await expect(t.runtime.call('trapper', 'trap', new Uint8Array())).rejects.toMatchObject({
        code: 'trap',
      });
      expect(text(await t.runtime.call('trapper', 'echo', bytes(`alive ${round}`)))).toBe(`alive ${round}`);
    }
  });

  it('answers not_found for an unknown component and after remove', async () => {
    await expect(t.runtime.call('nobody', 'echo', new Uint8Array())).rejects.toMatchObject({
      code: 'not_found',
    });
    await t.runtime.deploy({ componentId: 'temp', component: prepared, maxInstances: 1 });
    expect(t.runtime.has('temp')).toBe(true);
    await t.runtime.remove('temp');
    expect(t.runtime.has('temp')).toBe(false);
    await expect(t.runtime.call('temp', 'echo', new Uint8Array())).rejects.toMatchObject({
      code: 'not_found',
    });
    await t.runtime.remove('temp');
  });

  it('remove waits for accepted calls', async () => {
    await t.runtime.deploy({ componentId: 'draining', component: prepared, maxInstances: 1 });
    let answered = 0;
    const calls = [0, 1, 2].map(() =>
      t.runtime.call('draining', 'spin', bytes('30')).then(() => {
        answered++;
      }),
    );
    await t.runtime.remove('draining');
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(3);
    await Promise.all(calls);
  });

  it('enforces maxMemoryBytes: an instance that grows past it is torn down', async () => {
    await t.runtime.deploy({
      componentId: 'grower',
      component: prepared,
      maxInstances: 1,
      limits: { maxMemoryBytes: 1024 * 1024 },
    });
    expect(text(await t.runtime.call('grower', 'grow', bytes('2')))).toBe(''); // 3 pages: under 1 MiB
    await expect(t.runtime.call('grower', 'grow', bytes('32'))).rejects.toMatchObject({
      code: 'memory_limit',
    });
    expect(text(await t.runtime.call('grower', 'echo', bytes('fresh')))).toBe('fresh');
  });

  it('rejects bytes that are not a component', async () => {
    const error = await t.runtime.prepare(bytes('not wasm at all')).catch((e: unknown) => e);
    expect(isRuntimeError(error, 'invalid_component')).toBe(true);
  });

  it('refuses a bad deploy spec and keeps the running version on instantiate failure', async () => {
    await expect(
      t.runtime.deploy({ componentId: 'echo', component: prepared, maxInstances: 0 }),
    ).rejects.toMatchObject({ code: 'invalid_spec' });
    const { componentEmbed, componentNew, parse } = await import('@bytecodealliance/jco');
    const core = await parse('(module (import "test:odd/thing" "f" (func)) (memory (export "memory") 1))');
    const witSource = 'package test:odd; interface thing { f: func(); } world w { import thing; }';
    const odd = await componentNew(await componentEmbed({ binary: core, witSource, world: 'w' }));
    const oddPrepared = await t.runtime.prepare(odd);
    const error = await t.runtime
      .deploy({ componentId: 'echo', component: oddPrepared, maxInstances: 1 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'instantiate_failed' });
    expect((error as Error).message).toContain('unsupported imports: test:odd/thing');
    expect(text(await t.runtime.call('echo', 'echo', bytes('still here')))).toBe('still here');
  });

  it('transpiles once per content hash, across runtimes sharing the cache dir', async () => {
    expect(t.runtime.stats().transpiles).toBeGreaterThanOrEqual(1);
    const before = t.runtime.stats();
    await t.runtime.prepare(tiny);
    expect(t.runtime.stats().transpiles).toBe(before.transpiles);
    expect(t.runtime.stats().cacheHits).toBe(before.cacheHits + 1);

    const second = new ComponentRuntime({ workers: 1, cacheDir: t.cacheDir });
    await second.start();
    try {
      const again = await second.prepare(tiny);
      expect(again.digest).toBe(prepared.digest);
      expect(second.stats()).toMatchObject({ transpiles: 0, cacheHits: 1 });
      const dirs = join(t.cacheDir, 'transpiled');
      const { readdirSync } = await import('node:fs');
      const [namespace] = readdirSync(dirs);
      expect(existsSync(join(dirs, namespace ?? '', prepared.digest, 'component.js'))).toBe(true);
      await second.deploy({ componentId: 'x', component: again, maxInstances: 1 });
      expect(text(await second.call('x', 'echo', bytes('from cache')))).toBe('from cache');
    } finally {
      await second.close();
    }
  });

  it('answers stopped after close', async () => {
    const other = await startTestRuntime({ workers: 1 });
    const p = await other.runtime.prepare(tiny);
    await other.runtime.deploy({ componentId: 'a', component: p, maxInstances: 1 });
    await other.close();
    await expect(other.runtime.call('a', 'echo', new Uint8Array())).rejects.toMatchObject({
      code: 'stopped',
    });
  });
});
