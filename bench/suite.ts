/**
 * Every benchmark `npm run bench` knows: its name on the command line, what it compares against (the
 * baseline measured in the same run), the time it is given before it is stopped, and how to run it.
 * Each runs in a process of its own (bench/run-one.ts), so one's memory and threads do not skew the next.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export interface Benchmark {
  name: string;
  title: string;
  /** What the numbers are divided by. */
  baseline: string;
  /** The process is stopped (with everything it started) once this has elapsed. */
  budgetMs: number;
  run(): Promise<void>;
}

export const benchmarks: readonly Benchmark[] = [
  {
    name: 'host-nats',
    title: 'calls through a host over NATS (callComponent), 16 B and 16 KiB, 1 and 32 in flight',
    baseline: 'raw NATS request/reply to a plain nats.js echo subscriber, same payloads and concurrency',
    budgetMs: 120_000,
    run: async () => (await import('./host-nats.ts')).benchHostNats(),
  },
  {
    name: 'cold-start',
    title: 'scale 0 -> 1 of a cached component until component_scaled, and back to 0 (30 cycles)',
    baseline: 'one raw NATS request/reply round trip (the floor)',
    budgetMs: 60_000,
    run: async () => (await import('./cold-start.ts')).benchColdStart(),
  },
  {
    name: 'pool',
    title: 'component calls through the worker pool, serial and 64 in flight',
    baseline: 'a direct in-process call of the same component',
    budgetMs: 60_000,
    run: async () => (await import('../packages/host/bench/index.ts')).benchPoolVsDirect(),
  },
  {
    name: 'density',
    title: 'host RSS with 1, 100 and 1,000 running instances of the tiny component',
    baseline: 'the RSS at 1 instance (cost per added instance)',
    budgetMs: 120_000,
    run: async () => {
      await (await import('../packages/host/bench/index.ts')).benchDensity();
    },
  },
  {
    name: 'edge',
    title: 'the edge under wrangler dev: GET /hosts/{id} and event fan-out to WebSocket clients',
    baseline: 'the client directly over NATS / bare node:http (see bench/edge*.ts)',
    budgetMs: 240_000,
    run: runEdgeBenchmarks,
  },
];

/**
 * The edge benchmarks: every `bench*` function exported by `bench/edge*.ts`, called with no arguments, in
 * file and export order.
 */
async function runEdgeBenchmarks(): Promise<void> {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  const files = (await readdir(dir)).filter((f) => /^edge.*\.ts$/.test(f) && !f.endsWith('.test.ts')).sort();
  const ran = new Set<unknown>(); // an index re-exporting another file's function runs it once
  for (const file of files) {
    const module = (await import(new URL(file, import.meta.url).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      if (!name.startsWith('bench') || typeof value !== 'function' || ran.has(value)) continue;
      ran.add(value);
      await (value as () => Promise<unknown>)();
    }
  }
  if (ran.size === 0) console.log('(no edge benchmarks yet: nothing exports bench* from bench/edge*.ts)');
}
