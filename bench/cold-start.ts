/**
 * Cold start of an already-cached component: scale 0 -> 1 on a real host until `component_scaled` arrives
 * (the client's `scaleComponentAndWait`), the same plus the first call answered, the scale back to 0, and, to
 * tell instantiation from the call itself, a call to the component once it is running.
 * The component was fetched and transpiled once before the loop, so each iteration measures what a host does
 * to start a known component. The baseline is a raw NATS request/reply round trip on the same server in the
 * same run: the floor, since a scale is itself at least one request/reply plus one event.
 */
import type { LatticeFixture } from './lattice-fixture.ts';
import { startLatticeFixture } from './lattice-fixture.ts';
import { measure, report, type Summary, summarize } from './stats.ts';

export interface ColdStartOptions {
  /** Scale-up/scale-down cycles. Default 30. */
  iterations?: number;
  /** Upper bound of the loop's time, in ms (the loop stops early, keeping the samples it has). Default 30 000. */
  durationMs?: number;
  /** Host worker threads. Default: the host's default (one per core). */
  workers?: number;
}

const COMPONENT_ID = 'cold';

export async function benchColdStart(options: ColdStartOptions = {}): Promise<void> {
  const iterations = options.iterations ?? 30;
  const durationMs = options.durationMs ?? 30_000;
  const lattice = await startLatticeFixture({ workers: options.workers });
  try {
    const payload = new Uint8Array(16).fill(97);
    const floor = await measure('raw NATS request/reply (floor)', () => lattice.echo(payload), {
      count: 1000,
      durationMs: 2000,
    });
    await scaleTo(lattice, 1); // fetch and transpile once: the loop starts a cached component
    await lattice.client.callComponent(COMPONENT_ID, 'echo', payload, { seed: lattice.seed });
    await scaleTo(lattice, 0);

    const up: number[] = [];
    const upAndCall: number[] = [];
    const down: number[] = [];
    const deadline = performance.now() + durationMs;
    while (up.length < iterations && performance.now() < deadline) {
      const t0 = performance.now();
      await scaleTo(lattice, 1);
      up.push(performance.now() - t0);
      await lattice.client.callComponent(COMPONENT_ID, 'echo', payload, { seed: lattice.seed });
      upAndCall.push(performance.now() - t0);
      const t1 = performance.now();
      await scaleTo(lattice, 0);
      down.push(performance.now() - t1);
    }
    await scaleTo(lattice, 1);
    const call = () => lattice.client.callComponent(COMPONENT_ID, 'echo', payload, { seed: lattice.seed });
    const warm = await measure('a call to the running component', call, { count: iterations, warmup: 5 });
    report(`cold start of a cached component (${up.length} cycles), floor = one raw NATS round trip`, [
      floor,
      serial('scale 0 -> 1 until component_scaled', up),
      serial('scale 0 -> 1 + first call answered', upAndCall),
      serial('scale 1 -> 0 until component_scaled', down),
      warm,
    ]);
  } finally {
    await lattice.close();
  }
}

function scaleTo(lattice: LatticeFixture, count: number) {
  return lattice.client.scaleComponentAndWait({
    host_id: lattice.host.id,
    component_ref: lattice.ref,
    component_id: COMPONENT_ID,
    count,
  });
}

/** Samples taken one after the other: the throughput is the inverse of their mean. */
function serial(name: string, samplesMs: number[]): Summary {
  return summarize(
    name,
    samplesMs,
    samplesMs.reduce((a, b) => a + b, 0),
  );
}

if (import.meta.main) await benchColdStart();
