/**
 * Every error the host throws on purpose is a `HostError` with a `code`; callers branch on `code`, never on the
 * message. Messages that reach the wire (ctl replies, events) are the reference's exact texts.
 */
import { TrellisError } from '@trellis/protocol';

export type HostErrorCode =
  /** A request body that does not decode, or a value that fails validation. */
  | 'malformed'
  /** A component, provider, link or config that does not exist. */
  | 'not_found'
  /** A request that conflicts with the lattice's state (link target conflict, already running). */
  | 'conflict'
  /** Something this host does not support (yet): capability providers, unknown subjects. */
  | 'unsupported'
  /** Claims that fail verification or policy (issuer allow-list). */
  | 'claims'
  /** Fetching, compiling or instantiating a component failed. */
  | 'start_failed'
  /** A component call failed (trap, timeout, error result). */
  | 'call_failed'
  /** The host is not started, or is stopping. */
  | 'not_running'
  /** Bad options or a manifest the host cannot apply. */
  | 'invalid_options'
  /** The NATS connection or JetStream failed. */
  | 'transport';

export class HostError extends TrellisError<HostErrorCode> {
  override readonly name = 'HostError';
}

export function isHostError(error: unknown, code?: HostErrorCode): error is HostError {
  return error instanceof HostError && (code === undefined || error.code === code);
}

/** The message of anything thrown, for replies and logs. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
