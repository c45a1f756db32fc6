import type { LogLevel } from '../messages.ts';
import type { InstanceContext } from './context.ts';

/** `wasi:logging@0.1.0-draft`: each interface of the package, bound to one instance. */
export function wasiLogging(ctx: InstanceContext) {
  return {
    /** `log` goes to the host's structured log, tagged with the component id. */
    logging: {
      log(level: LogLevel, context: string, message: string): void {
        ctx.emit({ kind: 'log', componentId: ctx.componentId, level, context, message });
      },
    },
  };
}
