/** `trellis keys gen host|component|account|cluster|provider|operator|user` */
import { createKey, type KeyKind } from '@trellis/protocol';
import { Argument, Command } from 'commander';
import { action, example, type RunState } from '../kit.ts';

const KINDS: KeyKind[] = ['host', 'component', 'provider', 'account', 'cluster', 'operator', 'user'];

export function keysCommand(state: RunState): Command {
  const keys = new Command('keys').description(
    'generate nkeys (host N…, component M…, account A…, cluster C…)',
  );
  example(
    keys
      .command('gen')
      .addArgument(new Argument('<kind>', 'key kind').choices(KINDS))
      .description('print a new key pair: its public key and its seed (keep the seed secret)')
      .action(
        action(state, async ({ out }, kind) => {
          const key = createKey(kind as KeyKind);
          out.result(
            { kind, public_key: key.publicKey, seed: key.seed },
            () =>
              `Public Key: ${key.publicKey}\nSeed: ${key.seed}\n\nRemember that the seed is private, treat it as a secret.`,
          );
        }),
      ),
    'trellis keys gen account',
    'trellis keys gen cluster --json',
  );
  return keys;
}
