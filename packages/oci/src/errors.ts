/**
 * Every error the OCI client throws is an `OciError` with a `code`; callers branch on `code` or `instanceof`,
 * never on the message text. `status` is the registry's HTTP status when one answered; `cause` carries the
 * underlying error where there is one.
 */
export type OciErrorCode =
  /** A reference that does not parse (no registry host, bad repository, tag or digest). */
  | 'invalid_reference'
  /** The registry has no such repository, tag, manifest or blob. */
  | 'not_found'
  /** The registry refused the credentials (or asked for some and none were given). */
  | 'unauthorized'
  /** Content whose digest or size differs from what its descriptor or reference promised. */
  | 'digest_mismatch'
  /** A manifest with no WebAssembly layer, or a manifest type this client does not read. */
  | 'unsupported_media_type'
  /** The registry could not be reached (DNS, refused connection, TLS, reset). */
  | 'network'
  /** The registry answered something unexpected (a 5xx, a malformed manifest, a missing upload location). */
  | 'protocol';

export class OciError extends Error {
  override readonly name = 'OciError';
  readonly code: OciErrorCode;
  readonly status: number | undefined;

  constructor(code: OciErrorCode, message: string, options?: { cause?: unknown; status?: number }) {
    super(message, options);
    this.code = code;
    this.status = options?.status;
  }
}

export function isOciError(error: unknown, code?: OciErrorCode): error is OciError {
  return error instanceof OciError && (code === undefined || error.code === code);
}
