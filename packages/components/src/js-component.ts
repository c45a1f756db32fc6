import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { buildDir } from './paths.ts';
import { witDir, witFiles } from './wit-source.ts';

const SOURCE = new URL('js/handler.js', import.meta.url);
const WORLD = 'actor';
const run = promisify(execFile);

/** The jco CLI script and its version (part of the cache key). */
function jco(): { cli: string; version: string } {
  const api = pathToFileURL(createRequire(import.meta.url).resolve('@bytecodealliance/jco'));
  const pkg = JSON.parse(readFileSync(new URL('../package.json', api), 'utf8')) as { version: string };
  return { cli: fileURLToPath(new URL('jco.js', api)), version: pkg.version };
}

/** The cache key: sha256 of the JS source, every WIT file and the jco version. */
export async function jsComponentHash(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(jco().version);
  hash.update(await readFile(SOURCE));
  for (const text of await witFiles()) hash.update(text);
  return hash.digest('hex').slice(0, 16);
}

/**
 * The JavaScript handler component (`js/handler.js`), built with `jco componentize --backend qjs` (QuickJS:
 * ~2-3 s; the StarlingMonkey default takes 6-40 s). The output is cached under `build/` by a hash of its
 * sources, so only the first call after a change builds.
 */
export async function buildJsComponent(): Promise<Uint8Array> {
  const out = new URL(`js-handler-${await jsComponentHash()}.wasm`, buildDir);
  const cached = await readFile(out).catch(() => undefined);
  if (cached) return new Uint8Array(cached);
  await mkdir(buildDir, { recursive: true });
  const tmp = new URL(`${out.pathname.split('/').pop()}.${process.pid}.tmp`, buildDir);
  const { cli } = jco();
  // componentize-qjs wants absolute paths; the QuickJS backend runs natively, so no WASI preopens are needed.
  await run(process.execPath, [
    cli,
    'componentize',
    fileURLToPath(SOURCE),
    '--wit',
    fileURLToPath(witDir),
    '--world-name',
    WORLD,
    '--backend',
    'qjs',
    '--backend-qjs-disable-async',
    '-o',
    fileURLToPath(tmp),
  ]).catch(async (error: unknown) => {
    await rm(tmp, { force: true });
    throw new Error('jco componentize failed for the JS handler', { cause: error });
  });
  await rename(tmp, out);
  return new Uint8Array(await readFile(out));
}
