/** `trellis ctx new|list|use|show|del`: named connection settings, like wash contexts. */
import { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import {
  type Context,
  contextPath,
  defaultContextName,
  deleteContext,
  listContexts,
  readContext,
  setDefaultContext,
  writeContext,
} from '../contexts.ts';
import { action, example, type RunState } from '../kit.ts';
import { table } from '../output.ts';
import { parseDuration } from '../settings.ts';

export function ctxCommand(state: RunState): Command {
  const ctx = new Command('ctx').description(
    'manage contexts: named connection settings in ~/.config/trellis/contexts',
  );
  example(
    ctx
      .command('new')
      .argument('<name>', 'context name')
      .description('create (or replace) a context from the global options given (--nats-url, --lattice, …)')
      .option('--cluster-seed <SC…>', 'seed signing `trellis call` invocations')
      .option('--registry-user <name>', 'OCI registry user')
      .option('--registry-password <secret>', 'OCI registry password')
      .option('--use', 'make it the default context')
      .action(
        action(state, async ({ out, opts }, name) => {
          const context: Context = {};
          if (opts.natsUrl) context.nats_url = String(opts.natsUrl);
          if (opts.lattice) context.lattice = String(opts.lattice);
          if (opts.timeout) context.timeout_ms = parseDuration(String(opts.timeout), 'timeout');
          if (opts.natsCreds) context.nats_creds = String(opts.natsCreds);
          if (opts.natsSeed) context.nats_seed = String(opts.natsSeed);
          if (opts.ctlPrefix) context.ctl_prefix = String(opts.ctlPrefix);
          if (opts.clusterSeed) context.cluster_seed = String(opts.clusterSeed);
          if (opts.registryUser) context.registry_user = String(opts.registryUser);
          if (opts.registryPassword) context.registry_password = String(opts.registryPassword);
          const file = await writeContext(name as string, context);
          if (opts.use) await setDefaultContext(name as string);
          out.result(
            { name, file, context, default: Boolean(opts.use) },
            () => `created context ${name} (${file})`,
          );
        }),
      ),
    'trellis ctx new prod --nats-url nats://10.0.0.5:4222 --lattice prod --use',
  );
  example(
    ctx
      .command('list')
      .description('list contexts; * marks the default')
      .action(
        action(state, async ({ out }) => {
          const names = await listContexts();
          const current = await defaultContextName();
          out.result({ default: current ?? null, contexts: names }, () =>
            table(
              ['', 'NAME'],
              names.map((n) => [n === current ? '*' : '', n]),
            ),
          );
        }),
      ),
    'trellis ctx list',
  );
  example(
    ctx
      .command('use')
      .argument('<name>', 'context name')
      .description('make a context the default')
      .action(
        action(state, async ({ out }, name) => {
          await setDefaultContext(name as string);
          out.result({ default: name }, () => `default context is now ${name}`);
        }),
      ),
    'trellis ctx use prod',
  );
  example(
    ctx
      .command('show')
      .argument('[name]', 'context name (default: the default context)')
      .description('print a context')
      .action(
        action(state, async ({ out }, nameArg) => {
          const name = nameArg ?? (await defaultContextName());
          if (!name)
            throw new CliError('failed', 'no default context; create one with `trellis ctx new NAME --use`');
          const context = await readContext(contextPath(name));
          out.result(context, () => JSON.stringify(context, null, 2));
        }),
      ),
    'trellis ctx show prod',
  );
  example(
    ctx
      .command('del')
      .argument('<name>', 'context name')
      .description('delete a context')
      .action(
        action(state, async ({ out }, name) => {
          await deleteContext(name as string).catch((cause: unknown) => {
            throw new CliError('failed', `cannot delete context ${name}: ${(cause as Error).message}`, {
              cause,
            });
          });
          out.result({ deleted: name }, () => `deleted context ${name}`);
        }),
      ),
    'trellis ctx del prod',
  );
  return ctx;
}
