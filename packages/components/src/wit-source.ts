import { readdir, readFile } from 'node:fs/promises';

/** The package's WIT folder: `handler.wit` (trellis:lattice) and its dependencies under `deps/`. */
export const witDir = new URL('../wit/', import.meta.url);

const PACKAGE_DECL = /^\s*package\s+([^;{\s]+)\s*;/m;

/**
 * The WIT folder as one source text: the main package followed by each dependency as a nested
 * `package x:y@v { ... }` block, so jco's in-process `componentEmbed` needs no filesystem access (its
 * preview2-shim has no preopens by default).
 */
export async function witSource(): Promise<string> {
  const main = await readFile(new URL('handler.wit', witDir), 'utf8');
  const parts = [main];
  const depsDir = new URL('deps/', witDir);
  for (const dep of (await readdir(depsDir)).sort()) {
    for (const file of (await readdir(new URL(`${dep}/`, depsDir))).sort()) {
      if (!file.endsWith('.wit')) continue;
      const text = await readFile(new URL(`${dep}/${file}`, depsDir), 'utf8');
      const name = PACKAGE_DECL.exec(text)?.[1];
      if (!name) throw new Error(`wit/deps/${dep}/${file} has no package declaration`);
      parts.push(`package ${name} {\n${text.replace(PACKAGE_DECL, '')}\n}`);
    }
  }
  return parts.join('\n');
}

/** Every WIT file's text, in a stable order (for cache keys). */
export async function witFiles(): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: URL): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (entry.isDirectory()) await walk(new URL(`${entry.name}/`, dir));
      else if (entry.name.endsWith('.wit')) out.push(await readFile(new URL(entry.name, dir), 'utf8'));
    }
  };
  await walk(witDir);
  return out;
}
