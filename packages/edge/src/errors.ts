/**
 * The edge's one error class. It knows its HTTP status and becomes a JSON response
 * `{"error":{"code","message",…}}`; errors from the control client are mapped to it by their `code`:
 * a host's refusal is 409 with the host's own message, a confirmed failure 422, no responders 503,
 * a timeout 504, any other NATS failure 502.
 */

import { TrellisError } from '@trellis/protocol';

export type EdgeErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'invalid_request'
  | 'not_found'
  | 'payload_too_large'
  | 'refused'
  | 'failed'
  | 'no_responders'
  | 'timeout'
  | 'nats_unavailable'
  | 'bad_gateway'
  | 'misconfigured'
  | 'internal';

const STATUS: Record<EdgeErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  invalid_request: 400,
  not_found: 404,
  payload_too_large: 413,
  refused: 409,
  failed: 422,
  no_responders: 503,
  timeout: 504,
  nats_unavailable: 503,
  bad_gateway: 502,
  misconfigured: 500,
  internal: 500,
};

export class EdgeError extends TrellisError<EdgeErrorCode> {
  override readonly name = 'EdgeError';
  /** Extra fields for the JSON body (e.g. `field` of a bad request, `host_message` of a refusal). */
  readonly details: Record<string, unknown>;

  constructor(
    code: EdgeErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.details = options.details ?? {};
  }

  get status(): number {
    return STATUS[this.code];
  }

  toResponse(): Response {
    const body = { error: { code: this.code, message: this.message, ...this.details } };
    const response = Response.json(body, { status: this.status });
    if (this.code === 'unauthorized') response.headers.set('www-authenticate', 'Bearer realm="trellis"');
    return response;
  }
}

/** What the control client's errors carry (`ClientError` of @trellis/client). */
interface CodedError {
  code: string;
  message: string;
  hostMessage?: string;
  event?: unknown;
}

function isCoded(error: unknown): error is CodedError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

/** Maps anything thrown while serving a request to an `EdgeError` (client errors by their `code`). */
export function toEdgeError(error: unknown): EdgeError {
  if (error instanceof EdgeError) return error;
  if (!isCoded(error)) {
    return new EdgeError('internal', error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
  const cause = { cause: error };
  switch (error.code) {
    case 'refused':
      return new EdgeError('refused', error.hostMessage || error.message, {
        ...cause,
        details: { host_message: error.hostMessage ?? error.message },
      });
    case 'failed':
      return new EdgeError('failed', error.message, { ...cause, details: { event: error.event ?? null } });
    case 'no_responders':
      return new EdgeError('no_responders', error.message, cause);
    case 'timeout':
    case 'event_timeout':
      return new EdgeError('timeout', error.message, cause);
    case 'invalid_argument':
    case 'invalid_id':
      return new EdgeError('invalid_request', error.message, cause);
    case 'invalid_key':
      return new EdgeError('misconfigured', error.message, cause);
    case 'malformed':
    case 'closed':
    case 'connection':
    case 'permission':
      return new EdgeError('bad_gateway', error.message, cause);
    default:
      return new EdgeError('internal', error.message, cause);
  }
}
