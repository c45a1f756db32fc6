/**
 * `trellis` and `trellis-host`, linked at the repo root, run under Node 24 even when an older `node` comes first
 * on the PATH (here a stand-in `node` that only fails, ahead of the system's).
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', 'node_modules', '.bin');
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trellis-old-node-'));
  await writeFile(
    join(dir, 'node'),
    '#!/bin/sh\necho "v20.0.0 (an old node that must not be used)" >&2\nexit 97\n',
  );
  await chmod(join(dir, 'node'), 0o755);
  const { TRELLIS_NODE: _unset, ...rest } = process.env;
  env = { ...rest, PATH: `${dir}:/usr/local/bin:/usr/bin:/bin` };
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function run(command: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(join(bin, command), args, { env, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

it('trellis runs under Node 24 with an old node first on the PATH', async () => {
  const r = await run('trellis', ['--help']);
  expect(r.stderr).not.toContain('old node');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('Usage: trellis');
});

it('trellis-host runs under Node 24 with an old node first on the PATH', async () => {
  const r = await run('trellis-host', ['--help']);
  expect(r.stderr).not.toContain('old node');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('trellis-host');
});
