/**
 * Every error the protocol package throws is a `ProtocolError` with a `code`; callers branch on `code` or on
 * `instanceof`, never on the message text. `cause` carries the underlying error where there is one.
 */
export type ProtocolErrorCode =
  /** Bytes that are not valid JSON or msgpack, or the wrong shape for the expected type. */
  | 'malformed'
  /** A subject that no operation matches. */
  | 'unsupported_subject'
  /** A lattice name, host id, component id or other subject token that cannot be used. */
  | 'invalid_id'
  /** An nkey, seed or public key that does not decode. */
  | 'invalid_key'
  /** A JWT or invocation whose signature does not verify. */
  | 'invalid_signature'
  /** A JWT whose `exp` has passed. */
  | 'expired'
  /** A JWT whose `nbf` is still in the future. */
  | 'not_yet_valid'
  /** A JWT issued by a key outside the allowed issuers. */
  | 'untrusted_issuer'
  /** Claims whose module hash differs from the binary's. */
  | 'invalid_module_hash'
  /** An invocation whose URLs or hash differ from its claims. */
  | 'invocation_mismatch'
  /** A WebAssembly binary that cannot be parsed. */
  | 'invalid_wasm';

/**
 * The base of every Trellis error class (protocol, client, host, CLI, edge): a `code` from the subclass's
 * string union, the message, and `cause`. Callers branch on `code` or `instanceof`, never on the text.
 */
export class TrellisError<Code extends string = string> extends Error {
  override readonly name: string = 'TrellisError';
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export class ProtocolError extends TrellisError<ProtocolErrorCode> {
  override readonly name = 'ProtocolError';
}

export function isProtocolError(error: unknown, code?: ProtocolErrorCode): error is ProtocolError {
  return error instanceof ProtocolError && (code === undefined || error.code === code);
}
