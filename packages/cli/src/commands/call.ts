/** `trellis call COMPONENT OPERATION [PAYLOAD | --file F]` */
import { readFile } from 'node:fs/promises';
import { createKey } from '@trellis/protocol';
import { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { action, example, type RunState } from '../kit.ts';
import { withClient } from '../session.ts';
import { parseDuration } from '../settings.ts';

export function callCommand(state: RunState): Command {
  return example(
    new Command('call')
      .argument('<component>', 'component id')
      .argument('<operation>', 'operation name')
      .argument('[payload]', 'payload text (UTF-8)')
      .option('-f, --file <file>', 'read the payload from a file')
      .option(
        '--cluster-seed <SC…>',
        'seed signing the invocation (TRELLIS_CLUSTER_SEED; default: a new key)',
      )
      .option('--call-timeout <duration>', 'how long to wait for the reply (default: --timeout)')
      .description('invoke a component over the lattice and print its reply')
      .action(
        action(state, async ({ settings, out, opts }, component, operation, payloadArg) => {
          if (payloadArg !== undefined && opts.file)
            throw new CliError('usage', 'give a PAYLOAD or --file, not both');
          const payload = opts.file
            ? new Uint8Array(await readFile(String(opts.file)))
            : new TextEncoder().encode(payloadArg ?? '');
          const seed =
            (opts.clusterSeed as string | undefined) ?? settings.clusterSeed ?? createKey('cluster').seed;
          const timeoutMs = opts.callTimeout ? parseDuration(String(opts.callTimeout)) : settings.timeoutMs;
          const reply = await withClient(settings, (c) =>
            c.callComponent(component as string, operation as string, payload, { seed, timeoutMs }),
          );
          if (out.json) {
            out.result(
              {
                component_id: component,
                operation,
                reply: new TextDecoder().decode(reply),
                reply_base64: Buffer.from(reply).toString('base64'),
              },
              () => undefined,
            );
          } else {
            process.stdout.write(reply);
            if (process.stdout.isTTY && reply.at(-1) !== 10) process.stdout.write('\n');
          }
        }),
      ),
    'trellis call hello greet "world"',
    'trellis call hello echo --file request.bin --json',
  );
}
