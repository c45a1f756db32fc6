import { readFile } from 'node:fs/promises';
import { componentEmbed, componentNew, parse } from '@bytecodealliance/jco';
import { witSource } from './wit-source.ts';

const WAT = new URL('wat/handler.wat', import.meta.url);
const WORLD = 'trellis:lattice/tiny-actor';

let built: Promise<Uint8Array> | undefined;

/**
 * The tiny handler component (hand-written WAT, see `wat/handler.wat` for its operations), built in-process
 * with jco's `parse` / `componentEmbed` / `componentNew` (~100 ms). Built once per process; callers get a
 * fresh copy of the bytes.
 */
export async function buildHandlerComponent(): Promise<Uint8Array> {
  built ??= (async () => {
    const core = await parse(await readFile(WAT, 'utf8'));
    const embedded = await componentEmbed({ binary: core, witSource: await witSource(), world: WORLD });
    return componentNew(embedded);
  })();
  built.catch(() => {
    built = undefined;
  });
  return (await built).slice();
}
