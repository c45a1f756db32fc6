import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';
import { wasiConfig } from './config.ts';
import type { InstanceContext } from './context.ts';
import { wasiLogging } from './logging.ts';

export type { InstanceContext } from './context.ts';

let shim: Record<string, object> | undefined;

/**
 * preview2-shim's clocks, random, stdio, cli and io, sandboxed: no preopened directories, an empty
 * environment (the host's variables hold secrets), no arguments, no network. One per thread (importing the
 * shim starts its I/O helper thread).
 */
function wasiShim(): Record<string, object> {
  shim ??= new WASIShim({
    sandbox: { preopens: {}, env: {}, args: [], enableNetwork: false },
  }).getImportObject() as unknown as Record<string, object>;
  return shim;
}

/**
 * The import object of one instance, keyed the way jco's instantiation mode asks (`wasi:pkg/iface`, no
 * version): every host import is composed here and nowhere else.
 */
export function hostImports(ctx: InstanceContext): Record<string, object> {
  const logging = wasiLogging(ctx);
  const config = wasiConfig(ctx);
  return {
    ...wasiShim(),
    'wasi:logging/logging': logging.logging,
    'wasi:config/runtime': config.runtime,
  };
}
