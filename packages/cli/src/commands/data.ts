/** `trellis link put|del|get`, `trellis config put|get|del`, `trellis label put|del` */
import { Command } from 'commander';
import { action, collect, example, parsePairs, type RunState } from '../kit.ts';
import { withClient } from '../session.ts';
import { printConfig, printLinks } from './get.ts';

export function linkCommand(state: RunState): Command {
  const link = new Command('link').description('manage links between components and providers');
  example(
    link
      .command('put')
      .argument('<source>', 'source component id')
      .argument('<target>', 'target component or provider id')
      .argument('<namespace>', 'WIT namespace, e.g. wasi')
      .argument('<package>', 'WIT package, e.g. keyvalue')
      .requiredOption('-i, --interface <name>', 'WIT interface (repeatable)', collect)
      .option('--name <name>', 'link name', 'default')
      .option('--source-config <name>', 'named config for the source (repeatable)', collect)
      .option('--target-config <name>', 'named config for the target (repeatable)', collect)
      .description('put a link (replaces one with the same source, target, namespace, package and name)')
      .action(
        action(state, async ({ settings, out, opts }, source, target, namespace, pkg) => {
          const ack = await withClient(settings, (c) =>
            c.putLink({
              source_id: source as string,
              target: target as string,
              name: String(opts.name),
              wit_namespace: namespace as string,
              wit_package: pkg as string,
              interfaces: opts.interface as string[],
              source_config: (opts.sourceConfig as string[] | undefined) ?? [],
              target_config: (opts.targetConfig as string[] | undefined) ?? [],
            }),
          );
          out.result({ success: true, message: ack.message }, () => ack.message || 'link put');
        }),
      ),
    'trellis link put hello kvstore wasi keyvalue --interface store --target-config redis-url',
  );
  example(
    link
      .command('del')
      .argument('<source>', 'source component id')
      .argument('<namespace>', 'WIT namespace')
      .argument('<package>', 'WIT package')
      .option('--name <name>', 'link name', 'default')
      .description('delete a link (idempotent)')
      .action(
        action(state, async ({ settings, out, opts }, source, namespace, pkg) => {
          const ack = await withClient(settings, (c) =>
            c.deleteLink({
              source_id: source as string,
              name: String(opts.name),
              wit_namespace: namespace as string,
              wit_package: pkg as string,
            }),
          );
          out.result({ success: true, message: ack.message }, () => ack.message || 'link deleted');
        }),
      ),
    'trellis link del hello wasi keyvalue',
  );
  example(
    link
      .command('get')
      .description('list every link (same as `trellis get links`)')
      .action(action(state, printLinks)),
    'trellis link get --json',
  );
  return link;
}

export function configCommand(state: RunState): Command {
  const config = new Command('config').description('manage named configs');
  example(
    config
      .command('put')
      .argument('<name>', 'config name')
      .argument('<pairs...>', 'key=value entries')
      .description('create or replace a named config')
      .action(
        action(state, async ({ settings, out }, name, ...pairs) => {
          const values = parsePairs(pairs, 'config entry');
          const ack = await withClient(settings, (c) => c.putConfig(name as string, values));
          out.result({ success: true, message: ack.message }, () => ack.message || `config ${name} put`);
        }),
      ),
    'trellis config put greeting message=hello lang=en',
  );
  example(
    config
      .command('get')
      .argument('<name>', 'config name')
      .description('show a named config')
      .action(action(state, printConfig)),
    'trellis config get greeting',
  );
  example(
    config
      .command('del')
      .argument('<name>', 'config name')
      .description('delete a named config')
      .action(
        action(state, async ({ settings, out }, name) => {
          const ack = await withClient(settings, (c) => c.deleteConfig(name as string));
          out.result({ success: true, message: ack.message }, () => ack.message || `config ${name} deleted`);
        }),
      ),
    'trellis config del greeting',
  );
  return config;
}

export function labelCommand(state: RunState): Command {
  const label = new Command('label').description('manage host labels');
  example(
    label
      .command('put')
      .argument('<host>', 'host id')
      .argument('<pair>', 'key=value')
      .description('set a label on a host (hostcore.* labels are refused)')
      .action(
        action(state, async ({ settings, out }, hostId, pair) => {
          const [[key, value]] = Object.entries(parsePairs([pair as string], 'label')) as [[string, string]];
          const ack = await withClient(settings, (c) => c.putLabel(hostId as string, key, value));
          out.result({ success: true, message: ack.message }, () => ack.message || `label ${key} set`);
        }),
      ),
    'trellis label put NAB…XYZ zone=eu-west',
  );
  example(
    label
      .command('del')
      .argument('<host>', 'host id')
      .argument('<key>', 'label key')
      .description('remove a label from a host')
      .action(
        action(state, async ({ settings, out }, hostId, key) => {
          const ack = await withClient(settings, (c) => c.deleteLabel(hostId as string, key as string));
          out.result({ success: true, message: ack.message }, () => ack.message || `label ${key} deleted`);
        }),
      ),
    'trellis label del NAB…XYZ zone',
  );
  return label;
}
