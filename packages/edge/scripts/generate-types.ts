/**
 * Regenerates `worker-configuration.d.ts` (the `Env` bindings and the workerd runtime types) with
 * `wrangler types` from the top-level wrangler.toml, then relaxes one place where the generated runtime types
 * are stricter than the WHATWG spec: `TextDecoder` options are both optional there, and code shared with Node
 * (`new TextDecoder('utf-8', { fatal: true })` in @trellis/protocol) must type-check here unchanged.
 *
 *   node packages/edge/scripts/generate-types.ts
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');
const out = 'packages/edge/worker-configuration.d.ts';
const wrangler = join(root, 'node_modules', '.bin', 'wrangler');
const result = spawnSync(wrangler, ['types', out, '--strict-vars=false'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    WRANGLER_HIDE_BANNER: 'true',
    XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME ?? join(root, '.data', 'xdg'),
  },
});
if (result.status !== 0) process.exit(result.status ?? 1);

const path = join(root, out);
const text = readFileSync(path, 'utf8');
const patched = text.replace(
  /interface TextDecoderConstructorOptions \{\n(\s+)fatal: boolean;\n\s+ignoreBOM: boolean;\n\}/,
  'interface TextDecoderConstructorOptions {\n$1fatal?: boolean;\n$1ignoreBOM?: boolean;\n}',
);
if (patched === text)
  console.warn('generate-types: TextDecoderConstructorOptions not found; left as generated');
writeFileSync(path, patched);
