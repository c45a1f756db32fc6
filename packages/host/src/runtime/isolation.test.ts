import { buildHandlerComponent } from '@trellis/components';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytes, startTestRuntime, type TestRuntime, text } from './test-support.ts';

describe('isolation between components', () => {
  let t: TestRuntime;

  beforeAll(async () => {
    t = await startTestRuntime({ workers: 2 });
    const prepared = await t.runtime.prepare(await buildHandlerComponent());
    await t.runtime.deploy({
      componentId: 'looper',
      component: prepared,
      maxInstances: 1,
      limits: { maxExecutionTimeMs: 400 },
    });
    await t.runtime.deploy({ componentId: 'steady', component: prepared, maxInstances: 1 });
  });
  afterAll(() => t.close());

  it('stops an endless loop with timeout while another component keeps answering', async () => {
    const looping = t.runtime.call('looper', 'loop', new Uint8Array()).catch((e: unknown) => e);
    let loopDone = false;
    void looping.then(() => {
      loopDone = true;
    });
    const answers: string[] = [];
    // Keep calling the other component for as long as the loop runs.
    for (let i = 0; !loopDone; i++) {
      answers.push(text(await t.runtime.call('steady', 'echo', bytes(`ping ${i}`))));
    }
    expect(await looping).toMatchObject({ code: 'timeout' });
    expect(answers.length).toBeGreaterThan(0);
    expect(answers).toEqual(answers.map((_, i) => `ping ${i}`));
  });

  it('the timed-out component answers again (its worker was replaced)', async () => {
    expect(text(await t.runtime.call('looper', 'echo', bytes('back')))).toBe('back');
    expect(text(await t.runtime.call('steady', 'upper', bytes('fine')))).toBe('FINE');
  });

  it('a trap in one component leaves the other untouched', async () => {
    const [trapped, fine] = await Promise.allSettled([
      t.runtime.call('looper', 'trap', new Uint8Array()),
      t.runtime.call('steady', 'echo', bytes('ok')),
    ]);
    expect(trapped).toMatchObject({ status: 'rejected', reason: { code: 'trap' } });
    expect(fine).toMatchObject({ status: 'fulfilled' });
  });
});
