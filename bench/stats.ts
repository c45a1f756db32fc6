/** Small timing helpers shared by the benchmarks: percentiles over samples and a printed comparison table. */

export interface Summary {
  name: string;
  count: number;
  p50: number;
  p99: number;
  mean: number;
  /** Operations per second over the whole run. */
  rate: number;
}

export function summarize(name: string, samplesMs: number[], wallMs: number): Summary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  return {
    name,
    count: sorted.length,
    p50: at(0.5),
    p99: at(0.99),
    mean,
    rate: (sorted.length / wallMs) * 1000,
  };
}

/**
 * Runs `op` `count` times with `concurrency` in flight and returns per-op latencies (ms) and the wall time.
 * Bounded by count and, when `durationMs` is given, by time: no op starts after it elapsed. Warmup (included
 * in `durationMs`) stops after `warmup` ops or a fifth of `durationMs`, whichever comes first.
 * Every op started is awaited.
 */
export async function measure(
  name: string,
  op: () => Promise<unknown>,
  {
    count = 2000,
    concurrency = 1,
    warmup = 100,
    durationMs = Number.POSITIVE_INFINITY,
  }: { count?: number; concurrency?: number; warmup?: number; durationMs?: number } = {},
): Promise<Summary> {
  const deadline = performance.now() + durationMs;
  const warmupEnd = performance.now() + durationMs / 5;
  for (let i = 0; i < warmup && performance.now() < warmupEnd; i++) await op();
  const samples: number[] = [];
  let next = 0;
  const start = performance.now();
  const lane = async () => {
    while (next < count && (next < concurrency || performance.now() < deadline)) {
      next++;
      const t0 = performance.now();
      await op();
      samples.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return summarize(name, samples, performance.now() - start);
}

/** `850 µs` below a millisecond, `12.34 ms` above. */
export const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);

/** Prints each summary with its ratio against the first one (the baseline measured in the same run). */
export function report(title: string, [baseline, ...others]: Summary[]): void {
  if (!baseline) return;
  console.log(`\n## ${title}`);
  const rows = [baseline, ...others].map((s) => [
    s.name,
    String(s.count),
    fmt(s.p50),
    fmt(s.p99),
    `${s.rate.toFixed(0)}/s`,
    s === baseline
      ? 'baseline'
      : `${(s.p50 / baseline.p50).toFixed(2)}x p50, ${(baseline.rate / s.rate).toFixed(2)}x slower`,
  ]);
  const head = ['case', 'n', 'p50', 'p99', 'throughput', 'vs baseline'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(line(head));
  for (const row of rows) console.log(line(row));
}
