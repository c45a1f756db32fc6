/**
 * `trellis`: parses the command line, runs the command, and turns any failure into one line on stderr (plus
 * a JSON error document on stdout with --json) and a non-zero exit code (see cli-error.ts for the codes).
 */
import { CommanderError } from 'commander';
import { toCliError } from './cli-error.ts';
import type { RunState } from './kit.ts';
import { buildProgram } from './program.ts';
import { DEFAULT_NATS_URL } from './settings.ts';

const state: RunState = {};
try {
  await buildProgram(state).parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // commander already printed its message (or the help / version)
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    const where = {
      lattice: state.settings?.lattice ?? 'default',
      natsUrl: state.settings?.natsUrl ?? DEFAULT_NATS_URL,
    };
    const failure = toCliError(error, where);
    process.stderr.write(`error: ${failure.message}\n`);
    if (state.settings?.json) {
      process.stdout.write(
        `${JSON.stringify({ success: false, error: { code: failure.code, message: failure.message } })}\n`,
      );
    }
    if (process.env.TRELLIS_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = failure.exitCode;
  }
}
