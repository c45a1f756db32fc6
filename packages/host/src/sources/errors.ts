/**
 * Every failure to get a component's bytes is a `SourceError` with a `code` (the OCI client's codes plus the
 * file and http ones); `cause` keeps the underlying `OciError` or system error. Messages say what and why:
 * "could not pull localhost:5000/x:1: 401 unauthorized", "file not found: /tmp/x.wasm".
 */
import { TrellisError } from '@trellis/protocol';

export type SourceErrorCode =
  /** Neither a path, an http(s) URL nor a valid OCI reference. */
  | 'invalid_reference'
  /** No such file, URL (404), repository, tag or blob. */
  | 'not_found'
  /** The registry or server refused the credentials (401/403). */
  | 'unauthorized'
  /** Bytes that do not match their digest or size. */
  | 'digest_mismatch'
  /** An OCI artifact without a WebAssembly layer. */
  | 'unsupported_media_type'
  /** The server could not be reached. */
  | 'network'
  /** An unexpected answer: another http status, a malformed manifest. */
  | 'protocol'
  /** A local read or cache write failed (permissions, disk). */
  | 'io';

export class SourceError extends TrellisError<SourceErrorCode> {
  override readonly name = 'SourceError';
}

export function isSourceError(error: unknown, code?: SourceErrorCode): error is SourceError {
  return error instanceof SourceError && (code === undefined || error.code === code);
}
