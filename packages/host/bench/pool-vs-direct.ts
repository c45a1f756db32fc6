/**
 * Calls through the worker pool vs a direct in-process call of the same component (the tiny WAT handler's
 * `echo`), serial and with 64 calls in flight. Prints the ratios; asserts nothing.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHandlerComponent } from '@trellis/components';
import { measure, report } from '../../../bench/stats.ts';
import { hostImports } from '../src/runtime/imports/index.ts';
import { ComponentRuntime } from '../src/runtime/index.ts';
import { transpileCached } from '../src/runtime/transpile-cache.ts';

interface Handler {
  handle(operation: string, payload: Uint8Array): Uint8Array;
}

/** The component instantiated on this thread, with the same host imports the workers compose. */
async function directInstance(bytes: Uint8Array, cacheDir: string): Promise<Handler> {
  const transpiled = await transpileCached(bytes, cacheDir);
  const modules: Record<string, WebAssembly.Module> = {};
  for (const name of transpiled.coreModules) {
    modules[name] = await WebAssembly.compile(await readFile(join(transpiled.dir, name)));
  }
  const { instantiate } = (await import(transpiled.moduleUrl)) as {
    instantiate(
      get: (name: string) => WebAssembly.Module | undefined,
      imports: object,
    ): Promise<{ handler: Handler }>;
  };
  const ctx = { componentId: 'direct', config: {}, emit: () => {} };
  return (await instantiate((name) => modules[name], hostImports(ctx))).handler;
}

export async function benchPoolVsDirect(
  options: { count?: number; workers?: number; payloadBytes?: number } = {},
): Promise<void> {
  const count = options.count ?? 5000;
  const workers = options.workers ?? availableParallelism();
  const payload = new Uint8Array(options.payloadBytes ?? 64).fill(97);
  const cacheDir = await mkdtemp(join(tmpdir(), 'trellis-bench-'));
  const runtime = new ComponentRuntime({ workers, cacheDir });
  try {
    const bytes = await buildHandlerComponent();
    const direct = await directInstance(bytes, join(cacheDir, 'direct'));
    await runtime.start();
    const prepared = await runtime.prepare(bytes);
    await runtime.deploy({ componentId: 'echo', component: prepared, maxInstances: 64 });

    const directCall = async () => direct.handle('echo', payload);
    const poolCall = () => runtime.call('echo', 'echo', payload);
    report(`echo of ${payload.length} bytes: pool (${workers} workers) vs direct in-process call`, [
      await measure('direct, serial', directCall, { count }),
      await measure('pool, serial', poolCall, { count }),
      await measure('pool, 64 in flight', poolCall, { count, concurrency: 64 }),
    ]);
  } finally {
    await runtime.close();
    await rm(cacheDir, { recursive: true, force: true });
  }
}

if (import.meta.main) await benchPoolVsDirect();
