/**
 * The client's errors. Two failure levels are kept apart (STYLE §3): a `TransportError` means the message did
 * not make it there and back (timeout, no responders, closed connection); a `HostRefusedError` means a host
 * answered and said no (`success: false` / `accepted: false`). A reply that does not decode is the protocol
 * package's `ProtocolError` (code `malformed`). Callers branch on `code` or `instanceof`, never on the text.
 */

import {
  ClosedConnectionError,
  DrainingConnectionError,
  NoRespondersError,
  PermissionViolationError,
  RequestError,
  TimeoutError,
} from '@nats-io/nats-core';
import { TrellisError } from '@trellis/protocol';

export type TransportErrorCode =
  /** Nothing answered within the request timeout. */
  | 'timeout'
  /** NATS reported that nobody subscribes to the subject (no host of that id, or no hosts at all). */
  | 'no_responders'
  /** The connection is closed or draining. */
  | 'closed'
  /** The server refused to let this connection publish or subscribe there. */
  | 'permission'
  /** Any other failure of the NATS connection. */
  | 'connection';

export type ClientErrorCode =
  | TransportErrorCode
  /** A host answered with `success: false` / `accepted: false`. */
  | 'refused'
  /** `waitFor`: the awaited event did not arrive in time. */
  | 'event_timeout'
  /** A confirmed outcome was a failure event (e.g. `component_scale_failed`). */
  | 'failed'
  /** A component call reached a host and failed there (the component's error, a trap, a time limit). */
  | 'invocation_failed'
  /** The operation was aborted through its `AbortSignal`. */
  | 'aborted'
  /** An argument the client cannot send (e.g. an empty host id). */
  | 'invalid_argument';

/** The base class of every error the client throws itself. */
export class ClientError extends TrellisError<ClientErrorCode> {
  override readonly name: string = 'ClientError';
}

/** The request (or scatter-gather) failed on the way: nothing is known about what the host did. */
export class TransportError extends ClientError {
  override readonly name = 'TransportError';
  declare readonly code: TransportErrorCode;
  /** The subject the failed message was sent to. */
  readonly subject: string;

  constructor(code: TransportErrorCode, subject: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.subject = subject;
  }
}

/** A host received the command and refused it; `hostMessage` is exactly what the host said. */
export class HostRefusedError extends ClientError {
  override readonly name = 'HostRefusedError';
  declare readonly code: 'refused';
  readonly hostMessage: string;
  readonly subject: string;

  constructor(subject: string, hostMessage: string) {
    super('refused', hostMessage === '' ? `refused on ${subject}` : hostMessage);
    this.hostMessage = hostMessage;
    this.subject = subject;
  }
}

/** A confirmed failure, e.g. the `component_scale_failed` event after an accepted scale. */
export class OutcomeFailedError extends ClientError {
  override readonly name = 'OutcomeFailedError';
  declare readonly code: 'failed';
  /** The event that reported the failure. */
  readonly event: unknown;

  constructor(message: string, event: unknown) {
    super('failed', message);
    this.event = event;
  }
}

/** A call reached a component and failed: `error` is what the host's `InvocationResponse` said. */
export class InvocationError extends ClientError {
  override readonly name = 'InvocationError';
  declare readonly code: 'invocation_failed';
  readonly componentId: string;
  readonly operation: string;
  readonly invocationId: string;

  constructor(componentId: string, operation: string, invocationId: string, error: string) {
    super('invocation_failed', `call ${componentId} ${operation} failed: ${error}`);
    this.componentId = componentId;
    this.operation = operation;
    this.invocationId = invocationId;
  }
}

export function isClientError(error: unknown, code?: ClientErrorCode): error is ClientError {
  return error instanceof ClientError && (code === undefined || error.code === code);
}

/** Maps an error from nats.js (walking its `cause` chain) to a `TransportError` on `subject`. */
export function toTransportError(error: unknown, subject: string, timeoutMs?: number): TransportError {
  if (error instanceof TransportError) return error;
  const code = transportCode(error);
  const detail =
    code === 'timeout'
      ? `no reply within ${formatMs(timeoutMs)}`
      : code === 'no_responders'
        ? 'no responders'
        : code === 'closed'
          ? 'connection closed'
          : error instanceof Error
            ? error.message
            : String(error);
  return new TransportError(code, subject, `${detail} on ${subject}`, { cause: error });
}

function transportCode(error: unknown): TransportErrorCode {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof TimeoutError) return 'timeout';
    if (e instanceof NoRespondersError) return 'no_responders';
    if (e instanceof RequestError && e.isNoResponders()) return 'no_responders';
    if (e instanceof ClosedConnectionError || e instanceof DrainingConnectionError) return 'closed';
    if (e instanceof PermissionViolationError) return 'permission';
  }
  return 'connection';
}

/** `2000` -> `2s`, `1500` -> `1.5s`, `250` -> `250ms`. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return 'the timeout';
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(2))}s` : `${ms}ms`;
}
