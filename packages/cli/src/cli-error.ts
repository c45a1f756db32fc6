/**
 * Every failure the CLI reports: one line of text and an exit code.
 *   1  the operation failed (a host refused, a scale failed, not found)
 *   2  usage (bad arguments or options)
 *   3  NATS could not be reached, or a request timed out
 *   4  nothing answered (no hosts, no auction winner, no such host)
 */

import { isClientError } from '@trellis/client';
import { isProtocolError, TrellisError } from '@trellis/protocol';

export type CliErrorCode =
  | 'failed'
  | 'usage'
  | 'unreachable'
  | 'timeout'
  | 'no_hosts'
  | 'no_responders'
  | 'refused'
  | 'malformed';

const EXIT: Record<CliErrorCode, number> = {
  failed: 1,
  refused: 1,
  malformed: 1,
  usage: 2,
  unreachable: 3,
  timeout: 3,
  no_hosts: 4,
  no_responders: 4,
};

export class CliError extends TrellisError<CliErrorCode> {
  override readonly name = 'CliError';

  get exitCode(): number {
    return EXIT[this.code];
  }
}

/** Where a command was talking to, for error lines ("… on lattice default at nats://…"). */
export interface ErrorContext {
  lattice: string;
  natsUrl: string;
}

/** Any thrown value -> a `CliError` with a one-line message naming what failed and why. */
export function toCliError(error: unknown, where: ErrorContext): CliError {
  if (error instanceof CliError) return error;
  const at = `on lattice ${where.lattice} at ${where.natsUrl}`;
  if (isClientError(error)) {
    switch (error.code) {
      case 'timeout':
        return new CliError('timeout', `${error.message} (${at})`, { cause: error });
      case 'no_responders':
        return new CliError('no_responders', `nothing answered: ${error.message} (${at})`, { cause: error });
      case 'closed':
      case 'connection':
      case 'permission':
        return new CliError('unreachable', `NATS failed: ${error.message} (${at})`, { cause: error });
      case 'refused':
        return new CliError('refused', `host refused: ${error.message}`, { cause: error });
      case 'event_timeout':
        return new CliError('timeout', `${error.message} (${at})`, { cause: error });
      default:
        return new CliError('failed', error.message, { cause: error });
    }
  }
  if (isProtocolError(error)) return new CliError('malformed', error.message, { cause: error });
  return new CliError('failed', error instanceof Error ? error.message : String(error), { cause: error });
}
