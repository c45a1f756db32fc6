/** `pnpm --filter @trellis/components build`: writes build/handler.wasm and build/js-handler.wasm. */
import { mkdir, writeFile } from 'node:fs/promises';
import { buildHandlerComponent } from './handler-component.ts';
import { buildJsComponent } from './js-component.ts';
import { buildDir } from './paths.ts';

await mkdir(buildDir, { recursive: true });
const tiny = await buildHandlerComponent();
await writeFile(new URL('handler.wasm', buildDir), tiny);
const js = await buildJsComponent();
await writeFile(new URL('js-handler.wasm', buildDir), js);
console.log(`build/handler.wasm ${tiny.length} bytes, build/js-handler.wasm ${js.length} bytes`);
