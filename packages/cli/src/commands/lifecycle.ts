/** `trellis stop component|provider|host`, `trellis update component`, `trellis start component|provider` */
import type { LatticeClient } from '@trellis/client';
import { componentOf, hostOf, OutcomeFailedError } from '@trellis/client';
import { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { action, collect, example, parsePairs, type RunState } from '../kit.ts';
import type { Output } from '../output.ts';
import { withClient } from '../session.ts';
import { parseDuration } from '../settings.ts';
import { auctionProvider, hostsRunning, normalizeRef } from './placement.ts';
import { waitOptions } from './scale.ts';

function splitHost(args: string[], names: string): [string | undefined, ...string[]] {
  const want = names.split(' ').length;
  if (args.length === want + 1) return args as [string, ...string[]];
  if (args.length === want) return [undefined, ...args];
  throw new CliError('usage', `expected [HOST] ${names}`);
}

async function stopOn(
  client: LatticeClient,
  out: Output,
  hostId: string,
  id: string,
  ref: string,
  opts: Record<string, unknown>,
) {
  if (opts.wait === false) {
    const ack = await client.stopComponent({ host_id: hostId, component_id: id, component_ref: ref });
    return { host_id: hostId, acknowledged: true, message: ack.message };
  }
  out.progress(`stopping ${id} on ${hostId}…`);
  const { ack } = await client.scaleComponentAndWait(
    { host_id: hostId, component_id: id, component_ref: ref, count: 0 },
    { timeoutMs: parseDuration(String(opts.waitTimeout), '--wait-timeout') },
  );
  out.doneProgress();
  return { host_id: hostId, message: ack.message };
}

export function stopCommand(state: RunState): Command {
  const stop = new Command('stop').description('stop components, providers and hosts');
  const component = stop
    .command('component')
    .usage('[options] [HOST] ID')
    .argument('<args...>', '[HOST] ID: host id (default: every host running it) and component id')
    .description('stop a component (scale to 0); waits for component_scaled unless --no-wait');
  waitOptions(component).action(
    action(state, async ({ settings, out, opts }, ...args) => {
      const [hostArg, id] = splitHost(args, 'ID') as [string | undefined, string];
      await withClient(settings, async (client) => {
        const targets = hostArg
          ? [{ hostId: hostArg, imageRef: '' }]
          : await hostsRunning(client, settings, id);
        const results: Array<{ host_id: string; message: string; acknowledged?: boolean }> = [];
        for (const t of targets) results.push(await stopOn(client, out, t.hostId, id, t.imageRef, opts));
        out.result({ success: true, component_id: id, hosts: results }, () =>
          results.map((r) => `Stopped ${id} on host ${r.host_id}`).join('\n'),
        );
      });
    }),
  );
  example(component, 'trellis stop component hello', 'trellis stop component NAB…XYZ hello --no-wait');

  example(
    stop
      .command('provider')
      .argument('<host>', 'host id')
      .argument('<id>', 'provider id')
      .description("stop a provider; reports the host's answer")
      .action(
        action(state, async ({ settings, out }, hostId, id) => {
          const ack = await withClient(settings, (c) =>
            c.stopProvider({ host_id: hostId as string, provider_id: id as string }),
          );
          out.result(
            { success: true, host_id: hostId, provider_id: id, message: ack.message },
            () => `Host ${hostId}: ${ack.message || 'stop accepted'}`,
          );
        }),
      ),
    'trellis stop provider NAB…XYZ http-server',
  );

  example(
    stop
      .command('host')
      .argument('<host>', 'host id')
      .option('--host-timeout <duration>', 'time the host gets to drain before it stops')
      .description('ask a host to shut down gracefully')
      .action(
        action(state, async ({ settings, out, opts }, hostId) => {
          const timeoutMs = opts.hostTimeout ? parseDuration(String(opts.hostTimeout)) : undefined;
          const ack = await withClient(settings, (c) =>
            c.stopHost(hostId as string, timeoutMs === undefined ? {} : { timeoutMs }),
          );
          out.result(
            { success: true, host_id: hostId, message: ack.message },
            () => `Host ${hostId}: ${ack.message || 'stopping'}`,
          );
        }),
      ),
    'trellis stop host NAB…XYZ',
  );
  return stop;
}

export function updateCommand(state: RunState): Command {
  const update = new Command('update').description('live-update components');
  const component = update
    .command('component')
    .usage('[options] [HOST] ID NEW_REF')
    .argument(
      '<args...>',
      '[HOST] ID NEW_REF: host id (default: every host running it), component id, new reference',
    )
    .description(
      'replace a running component with a new reference; waits for component_scaled unless --no-wait',
    );
  waitOptions(component).action(
    action(state, async ({ settings, out, opts }, ...args) => {
      const [hostArg, id, refArg] = splitHost(args, 'ID NEW_REF') as [string | undefined, string, string];
      const ref = normalizeRef(refArg);
      await withClient(settings, async (client) => {
        const hosts = hostArg ? [hostArg] : (await hostsRunning(client, settings, id)).map((t) => t.hostId);
        const results: Array<{ host_id: string; message: string; acknowledged?: boolean }> = [];
        for (const hostId of hosts) {
          const input = { host_id: hostId, component_id: id, new_component_ref: ref };
          if (opts.wait === false) {
            const ack = await client.updateComponent(input);
            results.push({ host_id: hostId, acknowledged: true, message: ack.message });
            continue;
          }
          const timeoutMs = parseDuration(String(opts.waitTimeout), '--wait-timeout');
          out.progress(`updating ${id} on ${hostId}…`);
          const { ack } = await client
            .sendAndWait(
              () => client.updateComponent(input),
              {
                success: 'component_scaled',
                failures: ['component_scale_failed', 'component_update_failed'],
                // A host without the older event set publishes nothing on a failed update (as 1.x does).
                matches: (e) =>
                  componentOf(e) === id &&
                  hostOf(e) === hostId &&
                  (e.name !== 'component_scaled' || e.data.image_ref === ref),
              },
              { timeoutMs },
            )
            .catch((error: unknown) => {
              if (!(error instanceof OutcomeFailedError)) throw error;
              throw new CliError('failed', `update of ${id} on ${hostId} failed: ${error.message}`);
            });
          out.doneProgress();
          results.push({ host_id: hostId, message: ack.message });
        }
        out.result({ success: true, component_id: id, new_component_ref: ref, hosts: results }, () =>
          results.map((r) => `Host ${r.host_id}: ${r.message || `updated ${id} to ${ref}`}`).join('\n'),
        );
      });
    }),
  );
  example(component, 'trellis update component hello localhost:5000/hello:0.2.0');
  return update;
}

export function startCommand(state: RunState): Command {
  const start = new Command('start').description('start providers');
  example(
    start
      .command('provider')
      .usage('[options] [HOST] REF ID')
      .argument('<args...>', '[HOST] REF ID: host id (optional: auction), provider reference, provider id')
      .option('--config <name>', 'named config (repeatable)', collect)
      .option('-a, --annotation <key=value>', 'annotation (repeatable)', collect)
      .option('--constraint <key=value>', 'auction constraint (repeatable)', collect)
      .description("start a capability provider; reports the host's answer")
      .action(
        action(state, async ({ settings, out, opts }, ...args) => {
          const [hostArg, ref, id] = splitHost(args, 'REF ID') as [string | undefined, string, string];
          const result = await withClient(settings, async (client) => {
            const hostId =
              hostArg ??
              (await auctionProvider(client, settings, {
                provider_ref: ref,
                provider_id: id,
                constraints: parsePairs(opts.constraint as string[] | undefined, '--constraint'),
              }));
            const ack = await client.startProvider({
              host_id: hostId,
              provider_ref: ref,
              provider_id: id,
              config: (opts.config as string[] | undefined) ?? [],
              annotations: parsePairs(opts.annotation as string[] | undefined, '--annotation'),
            });
            return { host_id: hostId, message: ack.message };
          });
          out.result(
            { success: true, provider_id: id, ...result },
            () => `Host ${result.host_id}: ${result.message || `start of ${id} accepted`}`,
          );
        }),
      ),
    'trellis start provider NAB…XYZ ghcr.io/wasmcloud/http-server:0.23.0 http-server',
  );
  return start;
}
