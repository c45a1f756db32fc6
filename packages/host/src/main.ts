/**
 * `trellis-host`: starts a host from flags and `TRELLIS_…` variables, applies a manifest if given, and runs
 * until SIGINT/SIGTERM or a ctl `host.stop`, then stops gracefully and exits 0.
 */
import { readFile } from 'node:fs/promises';
import { argv, env, exit, stdout } from 'node:process';
import { HELP, parseCli } from './cli-options.ts';
import { isHostError, messageOf } from './errors.ts';
import { Host } from './host.ts';
import { createLogger } from './log.ts';

async function main(): Promise<number> {
  const cli = parseCli(argv.slice(2), env);
  if (cli.help) {
    stdout.write(HELP);
    return 0;
  }
  const logger = createLogger({ level: cli.logLevel });
  const host = new Host({ ...cli.host, logger });
  const stop = (signal: string) => {
    logger.info('stopping', { signal });
    void host.stop();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  await host.start();
  stdout.write(
    `${JSON.stringify({ host_id: host.id, friendly_name: host.friendlyName, lattice: host.lattice })}\n`,
  );
  if (cli.manifest) {
    try {
      await host.applyManifest(await readFile(cli.manifest, 'utf8'));
    } catch (error) {
      logger.error('manifest not applied', { manifest: cli.manifest, error });
    }
  }
  await host.stopped;
  return 0;
}

main().then(
  (code) => exit(code),
  (error: unknown) => {
    process.stderr.write(`trellis-host: ${messageOf(error)}\n`);
    exit(isHostError(error, 'invalid_options') ? 2 : 1);
  },
);
