/**
 * Density: the host process's RSS with 1, 100 and 1,000 running instances of the tiny component (each its
 * own component id, deployed and called once). One worker by default, so every component has exactly one
 * warm instance; with more workers a component gets one per worker that served it. Prints RSS and the cost
 * per instance. Run with `node --expose-gc` for steadier numbers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHandlerComponent } from '@trellis/components';
import { ComponentRuntime } from '../src/runtime/index.ts';

const MiB = 1024 * 1024;

function rss(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}

export async function benchDensity(
  options: { levels?: number[]; workers?: number } = {},
): Promise<{ instances: number; rssBytes: number }[]> {
  const levels = options.levels ?? [1, 100, 1000];
  const workers = options.workers ?? 1;
  const cacheDir = await mkdtemp(join(tmpdir(), 'trellis-bench-'));
  const runtime = new ComponentRuntime({ workers, cacheDir });
  const rows: { instances: number; rssBytes: number }[] = [];
  try {
    const bytes = await buildHandlerComponent();
    const baseline = rss();
    await runtime.start();
    const prepared = await runtime.prepare(bytes);
    const payload = new Uint8Array(16);
    let running = 0;
    for (const level of levels) {
      const ids = Array.from({ length: level - running }, (_, i) => `c${running + i}`);
      for (const id of ids) await runtime.deploy({ componentId: id, component: prepared, maxInstances: 1 });
      await Promise.all(ids.map((id) => runtime.call(id, 'echo', payload)));
      running = level;
      await new Promise((resolve) => setTimeout(resolve, 200));
      rows.push({ instances: level, rssBytes: rss() });
    }
    console.log(
      `\n## density: tiny component, ${workers} workers (RSS before start ${(baseline / MiB).toFixed(1)} MiB)`,
    );
    console.log('instances  rss        per instance vs the first level');
    const [first] = rows;
    for (const row of rows) {
      const per =
        first && row !== first
          ? `${((row.rssBytes - first.rssBytes) / 1024 / (row.instances - first.instances)).toFixed(1)} KiB`
          : '-';
      console.log(
        `${String(row.instances).padEnd(9)}  ${`${(row.rssBytes / MiB).toFixed(1)} MiB`.padEnd(9)}  ${per}`,
      );
    }
    return rows;
  } finally {
    await runtime.close();
    await rm(cacheDir, { recursive: true, force: true });
  }
}

if (import.meta.main) await benchDensity();
