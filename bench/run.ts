/**
 * `npm run bench [-- name...]`: runs the benchmarks of bench/suite.ts one after the other (all, or the named
 * ones), each in its own process group with a header, each stopped with everything it started (nats-server,
 * workerd...) when it ends or overruns its time budget. Prints a summary; exits 1 when one failed or overran.
 *
 *   npm run bench                          # everything
 *   npm run bench -- host-nats cold-start  # a subset: host-nats cold-start pool density edge
 *   npm run bench -- --list
 *   npm run bench -- --budget-scale=2 edge  # twice the time budgets (a slow machine)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { availableParallelism, cpus, platform, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type Benchmark, benchmarks } from './suite.ts';

const KILL_GRACE_MS = 5_000;
const runOne = fileURLToPath(new URL('./run-one.ts', import.meta.url));

type Outcome = 'ok' | 'failed' | 'over budget';

function select(args: string[]): Benchmark[] {
  const names = args.filter((a) => !a.startsWith('-'));
  const unknown = names.filter((n) => !benchmarks.some((b) => b.name === n));
  if (unknown.length > 0) {
    console.error(
      `unknown benchmark(s): ${unknown.join(', ')}; known: ${benchmarks.map((b) => b.name).join(', ')}`,
    );
    process.exit(2);
  }
  return names.length === 0 ? [...benchmarks] : benchmarks.filter((b) => names.includes(b.name));
}

/** Signals the child's whole process group (it was started detached, so it leads one). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already gone
  }
}

let current: ChildProcess | undefined;

function budgetScale(args: string[]): number {
  const flag = args.find((a) => a.startsWith('--budget-scale='));
  const scale = flag === undefined ? 1 : Number(flag.slice('--budget-scale='.length));
  if (!(scale > 0)) {
    console.error(`--budget-scale wants a positive number, got '${flag}'`);
    process.exit(2);
  }
  return scale;
}

function runIsolated(benchmark: Benchmark, budgetMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', runOne, benchmark.name], {
      stdio: 'inherit',
      detached: true,
    });
    current = child;
    let overran = false;
    const budget = setTimeout(() => {
      overran = true;
      console.error(`\n[bench] ${benchmark.name} overran its ${budgetMs / 1000} s budget: stopping it`);
      signalGroup(child, 'SIGTERM');
      setTimeout(() => signalGroup(child, 'SIGKILL'), KILL_GRACE_MS).unref();
    }, budgetMs);
    child.once('exit', (code) => {
      clearTimeout(budget);
      current = undefined;
      signalGroup(child, 'SIGTERM'); // anything it left behind (a server of a crashed benchmark)
      resolve(overran ? 'over budget' : code === 0 ? 'ok' : 'failed');
    });
  });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (current) signalGroup(current, 'SIGTERM');
    process.exit(130);
  });
}

const args = process.argv.slice(2);
if (args.includes('--list') || args.includes('--help')) {
  for (const b of benchmarks)
    console.log(`${b.name.padEnd(11)} ${b.title}\n${''.padEnd(11)} baseline: ${b.baseline}`);
  process.exit(0);
}
const selected = select(args);
const scale = budgetScale(args);
console.log(
  `# Trellis benchmarks: node ${process.versions.node}, ${platform()} ${release()}, ` +
    `${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown cpu'}), loopback only`,
);
console.log("Ratios are against a baseline measured in the same run; numbers move with the machine's load.");
const results: { name: string; outcome: Outcome; seconds: number }[] = [];
for (const benchmark of selected) {
  console.log(`\n\n# ${benchmark.name}: ${benchmark.title}`);
  const budgetMs = benchmark.budgetMs * scale;
  console.log(`baseline: ${benchmark.baseline}; budget ${budgetMs / 1000} s`);
  const started = performance.now();
  const outcome = await runIsolated(benchmark, budgetMs);
  results.push({ name: benchmark.name, outcome, seconds: (performance.now() - started) / 1000 });
}
console.log('\n\n# summary');
for (const r of results)
  console.log(`${r.name.padEnd(11)} ${r.outcome.padEnd(11)} ${r.seconds.toFixed(1)} s`);
process.exit(results.every((r) => r.outcome === 'ok') ? 0 : 1);
