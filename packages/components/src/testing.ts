/** Test helper: transpile a component with jco and instantiate it in this thread (no host involved). */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transpile } from '@bytecodealliance/jco';
import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';

export interface Handler {
  handle(operation: string, payload: Uint8Array): Uint8Array;
}

export interface TestInstance {
  handler: Handler;
  logs: { level: string; context: string; message: string }[];
  config: Record<string, string>;
}

export async function instantiateForTest(bytes: Uint8Array): Promise<TestInstance> {
  const { files } = await transpile(bytes, { name: 'component', instantiation: 'async', noTypescript: true });
  const dir = await mkdtemp(join(tmpdir(), 'trellis-component-'));
  try {
    for (const [name, data] of Object.entries(files)) {
      if (!name.includes('/')) await writeFile(join(dir, name), data);
    }
    const { instantiate } = (await import(pathToFileURL(join(dir, 'component.js')).href)) as {
      instantiate(
        get: (name: string) => Promise<WebAssembly.Module>,
        imports: object,
      ): Promise<{ handler: Handler }>;
    };
    const logs: TestInstance['logs'] = [];
    const config: Record<string, string> = {};
    const shim = new WASIShim({ sandbox: { preopens: {}, env: {}, args: ['test'], enableNetwork: false } });
    const instance = await instantiate(async (name) => WebAssembly.compile(await readFile(join(dir, name))), {
      ...shim.getImportObject(),
      'wasi:logging/logging': {
        log: (level: string, context: string, message: string) => logs.push({ level, context, message }),
      },
      'wasi:config/runtime': { get: (key: string) => config[key], getAll: () => Object.entries(config) },
    });
    return { handler: instance.handler, logs, config };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
