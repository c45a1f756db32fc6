import { buildHandlerComponent, buildJsComponent } from '@trellis/components';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytes, maxOverlap, spinInterval, startTestRuntime, type TestRuntime, text } from './test-support.ts';
import type { PreparedComponent } from './types.ts';

describe('maxInstances and live update', () => {
  let t: TestRuntime;
  let tiny: PreparedComponent;
  let js: PreparedComponent;

  beforeAll(async () => {
    // Three workers, so an unbounded component could run three calls at once.
    t = await startTestRuntime({ workers: 3 });
    tiny = await t.runtime.prepare(await buildHandlerComponent());
    js = await t.runtime.prepare(await buildJsComponent());
  }, 120_000);
  afterAll(() => t.close());

  it('maxInstances 1 runs calls one after another', async () => {
    await t.runtime.deploy({ componentId: 'single', component: tiny, maxInstances: 1 });
    const results = await Promise.all(
      Array.from({ length: 4 }, () => t.runtime.call('single', 'spin', bytes('20'))),
    );
    expect(maxOverlap(results.map(spinInterval))).toBe(1);
  });

  it('maxInstances 2 never runs more than two at once, and queues the rest', async () => {
    await t.runtime.deploy({ componentId: 'pair', component: tiny, maxInstances: 2 });
    const calls = Array.from({ length: 6 }, () => t.runtime.call('pair', 'spin', bytes('20')));
    const stats = t.runtime.stats().components.find((c) => c.componentId === 'pair');
    expect(stats).toMatchObject({ running: 2, queued: 4 });
    const results = await Promise.all(calls);
    expect(maxOverlap(results.map(spinInterval))).toBeLessThanOrEqual(2);
  });

  it('rescaling raises the bound for later calls', async () => {
    await t.runtime.deploy({ componentId: 'pair', component: tiny, maxInstances: 3 });
    const calls = Array.from({ length: 6 }, () => t.runtime.call('pair', 'spin', bytes('5')));
    expect(t.runtime.stats().components.find((c) => c.componentId === 'pair')).toMatchObject({
      running: 3,
      queued: 3,
    });
    await Promise.all(calls);
  });

  it('live update: in-flight calls finish on the old code, new calls use the new, none dropped', async () => {
    await t.runtime.deploy({ componentId: 'svc', component: tiny, maxInstances: 2 });
    const inFlight = Array.from({ length: 2 }, () => t.runtime.call('svc', 'spin', bytes('150')));
    const queued = Array.from({ length: 4 }, (_, i) => t.runtime.call('svc', 'echo', bytes(`q${i}`)));
    await t.runtime.deploy({ componentId: 'svc', component: js, maxInstances: 2 });
    // `json` exists only in the JS handler: calls after the update run the new code.
    const after = await t.runtime.call('svc', 'json', bytes('x'));
    expect(JSON.parse(text(after))).toEqual({ operation: 'json', received: 'x' });
    // The spins ran on the tiny handler (the JS one has no `spin`) and every call got its answer.
    for (const result of await Promise.all(inFlight)) expect(result).toHaveLength(16);
    expect((await Promise.all(queued)).map(text)).toEqual(['q0', 'q1', 'q2', 'q3']);
    expect(t.runtime.stats().components.find((c) => c.componentId === 'svc')?.digest).toBe(js.digest);
  });
});
