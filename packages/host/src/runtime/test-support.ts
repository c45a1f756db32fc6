/** Shared by the runtime's tests: a started runtime over a temp cache dir, and byte helpers. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../log.ts';
import { ComponentRuntime } from './runtime.ts';
import type { RuntimeOptions } from './types.ts';

export const bytes = (text: string) => new TextEncoder().encode(text);
export const text = (data: Uint8Array) => new TextDecoder().decode(data);

export interface TestRuntime {
  runtime: ComponentRuntime;
  cacheDir: string;
  /** Parsed log records written by the runtime's logger. */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startTestRuntime(options: Partial<RuntimeOptions> = {}): Promise<TestRuntime> {
  const cacheDir = options.cacheDir ?? (await mkdtemp(join(tmpdir(), 'trellis-runtime-')));
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'trace', write: (line) => logs.push(JSON.parse(line)) });
  const runtime = new ComponentRuntime({ workers: 2, logger, ...options, cacheDir });
  await runtime.start();
  return {
    runtime,
    cacheDir,
    logs,
    close: async () => {
      await runtime.close();
      if (!options.cacheDir) await rm(cacheDir, { recursive: true, force: true });
    },
  };
}

/** Start and end (ns, monotonic clock) reported by the tiny handler's `spin` operation. */
export function spinInterval(result: Uint8Array): { start: bigint; end: bigint } {
  const view = new DataView(result.buffer, result.byteOffset, result.byteLength);
  return { start: view.getBigUint64(0, true), end: view.getBigUint64(8, true) };
}

/** The largest number of intervals that overlap at one instant. */
export function maxOverlap(intervals: { start: bigint; end: bigint }[]): number {
  const points = intervals.flatMap((i) => [
    { at: i.start, delta: 1 },
    { at: i.end, delta: -1 },
  ]);
  // Ends sort before starts at the same instant: touching intervals do not overlap.
  points.sort((a, b) => (a.at === b.at ? a.delta - b.delta : a.at < b.at ? -1 : 1));
  let now = 0;
  let max = 0;
  for (const p of points) {
    now += p.delta;
    max = Math.max(max, now);
  }
  return max;
}
