/** The runtime a host builds when none is given: the piscina + jco `ComponentRuntime` of `src/runtime`. */
import type { Logger } from '../log.ts';
import { ComponentRuntime } from '../runtime/index.ts';
import type { Runtime } from './ports.ts';

export interface DefaultRuntimeOptions {
  workers: number | undefined;
  /** Transpiled components are kept here (by content hash). */
  cacheDir: string;
  logger: Logger;
}

export async function createDefaultRuntime(options: DefaultRuntimeOptions): Promise<Runtime> {
  const runtime = new ComponentRuntime({
    cacheDir: options.cacheDir,
    logger: options.logger,
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
  });
  await runtime.start();
  return runtime;
}
