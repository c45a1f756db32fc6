import { buildJsComponent } from '@trellis/components';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytes, startTestRuntime, type TestRuntime, text } from './test-support.ts';

describe('the JS handler component (jco componentize, QuickJS) in the runtime', () => {
  let t: TestRuntime;

  beforeAll(async () => {
    t = await startTestRuntime({ workers: 1 });
    const prepared = await t.runtime.prepare(await buildJsComponent());
    await t.runtime.deploy({
      componentId: 'js',
      component: prepared,
      maxInstances: 2,
      config: { mode: 'test' },
    });
  }, 120_000);
  afterAll(() => t.close());

  it('echoes, upper-cases and reports errors', async () => {
    expect(text(await t.runtime.call('js', 'echo', bytes('héllo')))).toBe('héllo');
    expect(text(await t.runtime.call('js', 'upper', bytes('héllo')))).toBe('HÉLLO');
    await expect(t.runtime.call('js', 'fail', bytes('bad input'))).rejects.toMatchObject({
      code: 'handler_error',
      message: 'bad input',
    });
  });

  it('reads wasi:config/runtime and follows setConfig', async () => {
    expect(JSON.parse(text(await t.runtime.call('js', 'config-all', new Uint8Array())))).toEqual({
      mode: 'test',
    });
    t.runtime.setConfig('js', { mode: 'live' });
    expect(text(await t.runtime.call('js', 'config', bytes('mode')))).toBe('live');
  });

  it('logs through wasi:logging', async () => {
    await t.runtime.call('js', 'log', bytes('from quickjs'));
    await expect
      .poll(() => t.logs.find((l) => l.msg === 'from quickjs'))
      .toMatchObject({
        componentId: 'js',
        context: 'js-handler',
      });
  });
});
