/**
 * Every benchmark `npm run bench` knows: its name on the command line, what it compares against (the
 * baseline measured in the same run), the time it is given before it is stopped, and how to run it.
 * Each runs in a process of its own (bench/run-one.ts), so one's memory and threads do not skew the next.
 */
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
    baseline:
      'a bare node:http server answering the same JSON body (also shown: the client directly on a kept NATS connection; fan-out: delivery lag only)',
    budgetMs: 240_000,
    run: async () => {
      const edge = await import('./edge.ts');
      await edge.benchEdgeInventory();
      await edge.benchEdgeFanout();
    },
  },
];
