/**
 * `wrangler deploy --dry-run` from the repository root builds the Worker bundle (nothing is uploaded) and the
 * bundle stays well under Cloudflare's limits (3 MiB gzipped on the free plan).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, expect, it } from 'vitest';
import { wranglerEnv } from '../scripts/wrangler-dev.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const MAX_BYTES = 2 * 1024 * 1024;
const MAX_GZIP_BYTES = 512 * 1024;
let outdir: string | undefined;

afterAll(async () => {
  if (outdir) await rm(outdir, { recursive: true, force: true });
});

it('builds the deploy bundle, under the size bounds', async () => {
  outdir = await mkdtemp(join(tmpdir(), 'trellis-edge-deploy-'));
  const result = spawnSync(
    join(root, 'node_modules', '.bin', 'wrangler'),
    ['deploy', '--dry-run', '--outdir', outdir],
    { cwd: root, env: { ...wranglerEnv(root), WRANGLER_LOG: 'info' }, encoding: 'utf8', timeout: 120_000 },
  );
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  const bundle = await readFile(join(outdir, 'index.js'));
  expect(bundle.length).toBeLessThan(MAX_BYTES);
  expect(gzipSync(bundle).length).toBeLessThan(MAX_GZIP_BYTES);
  expect(bundle.toString('utf8')).toMatch(/LatticeHub = class extends DurableObject/);
}, 120_000);
