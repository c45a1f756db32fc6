import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from './cli-error.ts';
import { formatMap, table } from './output.ts';
import { parseDuration, resolveSettings } from './settings.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trellis-settings-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resolveSettings', () => {
  it('takes flag over TRELLIS_* over context over default', async () => {
    const file = join(dir, 'ctx.json');
    await writeFile(file, JSON.stringify({ nats_url: 'nats://ctx:4222', lattice: 'ctx', timeout_ms: 900 }));
    const env = { XDG_CONFIG_HOME: dir, TRELLIS_LATTICE: 'env' };
    const s = await resolveSettings({ context: file, natsUrl: 'nats://flag:4222' }, env);
    expect(s).toMatchObject({ natsUrl: 'nats://flag:4222', lattice: 'env', timeoutMs: 900, json: false });
    const d = await resolveSettings({}, { XDG_CONFIG_HOME: dir });
    expect(d).toMatchObject({ natsUrl: 'nats://127.0.0.1:4222', lattice: 'default', timeoutMs: 2000 });
  });

  it('rejects a context with a wrongly typed field as a usage error', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ timeout_ms: '2s' }));
    await expect(resolveSettings({ context: file }, { XDG_CONFIG_HOME: dir })).rejects.toMatchObject({
      code: 'usage',
    });
  });
});

describe('parseDuration', () => {
  it('reads ms, s and m', () => {
    expect([
      parseDuration('250'),
      parseDuration('250ms'),
      parseDuration('1.5s'),
      parseDuration('1m'),
    ]).toEqual([250, 250, 1500, 60_000]);
    expect(() => parseDuration('soon')).toThrow(CliError);
    expect(() => parseDuration('0')).toThrow(CliError);
  });
});

describe('table', () => {
  it('aligns columns and says (none) when empty', () => {
    expect(
      table(
        ['A', 'LONG'],
        [
          ['xyz', '1'],
          ['q', '22'],
        ],
      ),
    ).toBe('A    LONG\nxyz  1\nq    22');
    expect(table(['A'], [])).toBe('(none)');
    expect(formatMap({ b: '2', a: '1' })).toBe('a=1,b=2');
  });
});
