import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transpile } from '@bytecodealliance/jco';

/** What a transpiled component is on disk: jco's `component.js`, its core modules, and its WIT surface. */
export interface TranspiledComponent {
  digest: string;
  dir: string;
  moduleUrl: string;
  /** Core module file names, as jco's `instantiate` asks for them. */
  coreModules: string[];
  imports: string[];
  exports: string[];
  /** True when this call ran jco; false when the disk cache had it. */
  transpiled: boolean;
}

interface Meta {
  coreModules: string[];
  imports: string[];
  exports: string[];
}

const META = 'meta.json';

function jcoVersion(): string {
  const api = pathToFileURL(createRequire(import.meta.url).resolve('@bytecodealliance/jco'));
  return (JSON.parse(readFileSync(new URL('../package.json', api), 'utf8')) as { version: string }).version;
}

/** Cache folders are per jco version: a new jco never reads an older one's output. */
const CACHE_NAMESPACE = `jco-${jcoVersion()}`;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * jco's output for these bytes, transpiled at most once per content hash: the files live under
 * `cacheDir/jco-<version>/<sha256>/` (written to a temporary folder and renamed, so a crash never leaves a
 * half-written entry). Synchronous instantiation of imports: no host import here is async; an async one
 * would need `asyncMode: 'jspi'`, never a promise from a sync import.
 */
export async function transpileCached(bytes: Uint8Array, cacheDir: string): Promise<TranspiledComponent> {
  const digest = sha256Hex(bytes);
  const dir = join(cacheDir, CACHE_NAMESPACE, digest);
  const result = (meta: Meta, transpiled: boolean): TranspiledComponent => ({
    digest,
    dir,
    moduleUrl: pathToFileURL(join(dir, 'component.js')).href,
    ...meta,
    transpiled,
  });

  const cached = await readFile(join(dir, META), 'utf8').catch(() => undefined);
  if (cached !== undefined) return result(JSON.parse(cached) as Meta, false);

  const out = await transpile(bytes, {
    name: 'component',
    instantiation: 'async',
    noTypescript: true,
    quiet: true,
  });
  const meta: Meta = {
    coreModules: Object.keys(out.files).filter((name) => name.endsWith('.wasm')),
    imports: out.imports,
    exports: out.exports.map(([name]) => name),
  };
  const tmp = `${dir}.tmp-${randomUUID()}`;
  await mkdir(tmp, { recursive: true });
  try {
    for (const [name, data] of Object.entries(out.files)) {
      if (name.endsWith('.wasm') || name === 'component.js') await writeFile(join(tmp, name), data);
    }
    await writeFile(join(tmp, META), JSON.stringify(meta));
    await rename(tmp, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another process (or call) finished first: its entry is as good as ours.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      await rm(tmp, { recursive: true, force: true });
    });
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
  return result(meta, true);
}
