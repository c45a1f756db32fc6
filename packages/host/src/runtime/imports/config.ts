import type { InstanceContext } from './context.ts';

/** `wasi:config@0.2.0-draft`: each interface of the package, bound to one instance. */
export function wasiConfig(ctx: InstanceContext) {
  return {
    /** Values of the component's current config (the deploy's, updated by `setConfig`). */
    runtime: {
      /** `ok(none)` for a missing key. */
      get(key: string): string | undefined {
        return Object.hasOwn(ctx.config, key) ? ctx.config[key] : undefined;
      },
      getAll(): [string, string][] {
        return Object.entries(ctx.config);
      },
    },
  };
}
