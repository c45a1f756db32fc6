/** `trellis registry put REGISTRY --user U --password P`: registry credentials for every host's OCI pulls. */
import { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { action, example, type RunState } from '../kit.ts';
import { withClient } from '../session.ts';
import { registryCredentials } from './artifact.ts';

export function registryCommand(state: RunState): Command {
  const registry = new Command('registry').description('registry credentials for the hosts of a lattice');
  example(
    registry
      .command('put')
      .argument('<registry>', 'registry host[:port], as references start, e.g. localhost:5000')
      .option('--user <name>', 'registry user (TRELLIS_REGISTRY_USER)')
      .option('--password <secret>', 'registry password (TRELLIS_REGISTRY_PASSWORD)')
      .option('--token <token>', 'a bearer token instead of user and password')
      .description(
        'send credentials for REGISTRY to every host (ctl registry.put); hosts use them for later OCI pulls. Publish only: no host confirms it.',
      )
      .action(
        action(state, async ({ settings, out, opts }, server) => {
          const credential = {
            ...registryCredentials(settings, opts),
            ...(opts.token ? { token: opts.token as string } : {}),
          };
          if (Object.keys(credential).length === 0) {
            throw new CliError('usage', 'give --user and --password (or TRELLIS_REGISTRY_*), or --token');
          }
          await withClient(settings, (c) => c.putRegistries({ [server as string]: credential }));
          out.result(
            { success: true, registry: server },
            () => `Sent credentials for ${server} to the hosts of lattice ${settings.lattice}`,
          );
        }),
      ),
    'trellis registry put localhost:5000 --user me --password secret',
  );
  return registry;
}
