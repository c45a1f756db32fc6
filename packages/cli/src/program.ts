/** The `trellis` command tree: global options, then one command module per area (names follow wash). */
import { DEFAULT_CTL_PREFIX } from '@trellis/protocol';
import { Command, Option } from 'commander';
import { callCommand } from './commands/call.ts';
import { claimsCommand } from './commands/claims.ts';
import { ctxCommand } from './commands/ctx.ts';
import { configCommand, labelCommand, linkCommand } from './commands/data.ts';
import { eventsCommand } from './commands/events.ts';
import { getCommand } from './commands/get.ts';
import { keysCommand } from './commands/keys.ts';
import { startCommand, stopCommand, updateCommand } from './commands/lifecycle.ts';
import { downCommand, hostCommand, upCommand } from './commands/local.ts';
import { pullCommand, pushCommand } from './commands/oci.ts';
import { registryCommand } from './commands/registry.ts';
import { scaleCommand } from './commands/scale.ts';
import { example, type RunState } from './kit.ts';

export function buildProgram(state: RunState): Command {
  const program = new Command('trellis')
    .description('Drive a Trellis (wasmCloud-compatible) lattice: hosts, components, links, config, events.')
    .addOption(
      new Option('--nats-url <url>', 'NATS server (TRELLIS_NATS_URL; default nats://127.0.0.1:4222)'),
    )
    .addOption(new Option('--lattice <id>', 'lattice id (TRELLIS_LATTICE; default "default")'))
    .addOption(
      new Option(
        '--timeout <duration>',
        'request timeout and collection period (TRELLIS_TIMEOUT; default 2s)',
      ),
    )
    .addOption(new Option('--json', 'machine output: exact JSON (TRELLIS_JSON=1)'))
    .addOption(new Option('--nats-creds <file>', 'NATS .creds file (TRELLIS_NATS_CREDS)'))
    .addOption(new Option('--nats-seed <SU…>', 'NATS nkey user seed (TRELLIS_NATS_SEED)'))
    .addOption(
      new Option(
        '--ctl-prefix <prefix>',
        `ctl topic prefix (TRELLIS_CTL_PREFIX; default ${DEFAULT_CTL_PREFIX})`,
      ),
    )
    .addOption(
      new Option('--context <name|file>', 'context to use (TRELLIS_CONTEXT; default: `trellis ctx use`)'),
    )
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  const commands = [
    hostCommand(state),
    upCommand(state),
    downCommand(state),
    getCommand(state),
    scaleCommand(state),
    stopCommand(state),
    updateCommand(state),
    startCommand(state),
    linkCommand(state),
    configCommand(state),
    labelCommand(state),
    callCommand(state),
    eventsCommand(state),
    claimsCommand(state),
    keysCommand(state),
    pushCommand(state),
    pullCommand(state),
    registryCommand(state),
    ctxCommand(state),
  ];
  for (const command of commands) program.addCommand(command);
  // every subcommand throws instead of exiting, so main decides exit codes
  const override = (c: Command) => {
    c.exitOverride();
    for (const sub of c.commands) override(sub);
  };
  override(program);
  return example(
    program,
    'trellis up --detached',
    'trellis get hosts',
    'trellis scale component ./hello.wasm hello --count 1',
    'trellis call hello greet world',
    'trellis events --type component_scaled',
  );
}
