/** `trellis scale component [HOST] REF ID --count N` */
import { Command, Option } from 'commander';
import { CliError } from '../cli-error.ts';
import { action, collect, example, parseCount, parsePairs, type RunState } from '../kit.ts';
import { withClient } from '../session.ts';
import { parseDuration } from '../settings.ts';
import { auctionComponent, normalizeRef } from './placement.ts';

export const waitOptions = (command: Command) =>
  command
    .option('--no-wait', 'return once the host acknowledged, without waiting for the outcome event')
    .addOption(new Option('--wait-timeout <duration>', 'how long to wait for the outcome').default('10s'));

export function scaleCommand(state: RunState): Command {
  const scale = new Command('scale').description('scale components');
  const component = scale
    .command('component')
    .usage('[options] [HOST] REF ID')
    .argument('<args...>', '[HOST] REF ID: host id (optional: auction), component reference, component id')
    .description(
      'scale a component to COUNT instances on a host (0 stops it); without HOST, an auction picks one. Waits for component_scaled / component_scale_failed unless --no-wait.',
    )
    .option('-c, --count <n>', 'maximum concurrent instances', '1')
    .option('-a, --annotation <key=value>', 'annotation (repeatable)', collect)
    .option('--config <name>', 'named config to give the component (repeatable)', collect)
    .option('--constraint <key=value>', 'auction constraint: a host label (repeatable)', collect)
    .option('--allow-update', 'replace a running component of this id with REF')
    .option('--max-execution-time <ms>', 'per-call time limit (component_limits.max_execution_time)')
    .option('--max-memory <mb>', 'memory limit (component_limits.max_memory_limit)');
  waitOptions(component).action(
    action(state, async ({ settings, out, opts }, ...args) => {
      if (args.length < 2 || args.length > 3) throw new CliError('usage', 'expected [HOST] REF ID');
      const [hostArg, ref, id] = args.length === 3 ? args : [undefined, ...args];
      const count = parseCount(String(opts.count));
      const limits: Record<string, string> = {};
      if (opts.maxExecutionTime) limits.max_execution_time = String(opts.maxExecutionTime);
      if (opts.maxMemory) limits.max_memory_limit = String(opts.maxMemory);
      await withClient(settings, async (client) => {
        const hostId =
          hostArg ??
          (await auctionComponent(client, settings, {
            component_ref: normalizeRef(ref as string),
            component_id: id as string,
            constraints: parsePairs(opts.constraint as string[] | undefined, '--constraint'),
          }));
        const input = {
          host_id: hostId,
          component_ref: normalizeRef(ref as string),
          component_id: id as string,
          count,
          annotations: parsePairs(opts.annotation as string[] | undefined, '--annotation'),
          config: (opts.config as string[] | undefined) ?? [],
          allow_update: Boolean(opts.allowUpdate),
          ...(Object.keys(limits).length > 0 ? { component_limits: limits } : {}),
        };
        if (opts.wait === false) {
          const ack = await client.scaleComponent(input);
          out.result(
            {
              success: true,
              acknowledged: true,
              host_id: hostId,
              component_id: id,
              count,
              message: ack.message,
            },
            () => `Host ${hostId} accepted: scale ${id} to ${count}${ack.message ? ` (${ack.message})` : ''}`,
          );
          return;
        }
        out.progress(`scaling ${id} to ${count} on ${hostId}…`);
        try {
          const { ack, event } = await client.scaleComponentAndWait(input, {
            timeoutMs: parseDuration(String(opts.waitTimeout), '--wait-timeout'),
          });
          out.doneProgress();
          out.result(
            { success: true, host_id: hostId, component_id: id, count, message: ack.message, event },
            () =>
              `Scaled ${id} to ${count} instance(s) on host ${hostId}${ack.message ? ` (${ack.message})` : ''}`,
          );
        } finally {
          out.doneProgress();
        }
      });
    }),
  );
  example(
    component,
    'trellis scale component ./hello.wasm hello --count 2',
    'trellis scale component NAB…XYZ localhost:5000/hello:0.1.0 hello --count 1 --config greeting',
  );
  return scale;
}
