/**
 * Invocation anti-forgery (§3.5): the sender signs a JWT binding origin URL, target URL and a hash of the
 * payload; the receiver recomputes and compares them.
 */
import { nuid } from '@nats-io/nuid';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import {
  encodeInvocationJwt,
  encodeInvocationJwtAsync,
  toInvocationClaims,
  type VerifyOptions,
  verifyJwt,
} from '../claims/jwt.ts';
import { type InvocationClaims, WASCAP_REVISION } from '../claims/types.ts';
import { ProtocolError } from '../errors.ts';
import { isPublicKey, keyFromSeed, type SigningKey } from '../keys/keys.ts';
import { nativeSigner } from '../keys/native-signer.ts';
import { entityUrl, targetUrl, type WasmCloudEntity } from './entity.ts';
import type { Invocation } from './invocation.ts';

const encoder = new TextEncoder();

/** Uppercase hex SHA-256 of `origin_url ‖ target_url ‖ operation ‖ msg`, as raw bytes with no separators. */
export function invocationHash(
  originUrl: string,
  target: string,
  operation: string,
  msg: Uint8Array,
): string {
  const parts = [encoder.encode(originUrl), encoder.encode(target), encoder.encode(operation), msg];
  const all = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return bytesToHex(sha256(all)).toUpperCase();
}

/** A UUIDv4 without hyphens, the id weld gives invocations. */
export function invocationId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  return bytesToHex(bytes);
}

interface InvocationFields {
  origin: WasmCloudEntity;
  target: WasmCloudEntity;
  operation: string;
  msg: Uint8Array;
  /** `host_id` of the envelope (an `N…` host key, or the `C…` cluster key as the OTP host did). */
  hostId: string;
  /** Invocation id (also the JWT `sub`). Default: a new UUIDv4 without hyphens. */
  id?: string;
  /** Issue time. Default: now. */
  now?: Date;
  /** The JWT id. Default: a new NUID. */
  jti?: string;
  /** Default `msg.length`; set it larger (with an empty `msg`) for a chunked payload. */
  contentLength?: number;
  traceContext?: Record<string, string>;
}

/**
 * Who signs: the cluster key (`C…`) in 0.x lattices; any key kind is accepted. Pass `signingKey` (from
 * `keyFromSeed`, kept by the caller) when signing often: a seed is parsed and its key derived on every call.
 */
export type InvocationSigner =
  | { signingKey: SigningKey; signingSeed?: undefined }
  | { signingSeed: string; signingKey?: undefined };

export type SignInvocationOptions = InvocationFields & InvocationSigner;

/** The claims and the envelope (all but `encoded_claims`) of an invocation signed by `issuer`. */
function unsigned(options: InvocationFields, issuer: string) {
  const id = options.id ?? invocationId();
  const origin = entityUrl(options.origin);
  const target = targetUrl(options.target, options.operation);
  const claims: InvocationClaims = {
    jti: options.jti ?? nuid.next(),
    iat: Math.floor((options.now ?? new Date()).getTime() / 1000),
    iss: issuer,
    sub: id,
    wascap: {
      target_url: target,
      origin_url: origin,
      hash: invocationHash(origin, target, options.operation, options.msg),
    },
    wascap_revision: WASCAP_REVISION,
  };
  const envelope = (encodedClaims: string): Invocation => ({
    origin: options.origin,
    target: options.target,
    operation: options.operation,
    msg: options.msg,
    id,
    encoded_claims: encodedClaims,
    host_id: options.hostId,
    content_length: options.contentLength ?? options.msg.length,
    traceContext: options.traceContext,
  });
  return { claims, envelope };
}

function keyOf(signer: InvocationSigner): SigningKey {
  return signer.signingKey !== undefined ? signer.signingKey : keyFromSeed(signer.signingSeed);
}

/** Builds a signed `Invocation`: claims `{target_url, origin_url, hash}`, `sub` = id, `jti` = a NUID. */
export function signInvocation(options: SignInvocationOptions): Invocation {
  const key = keyOf(options);
  const { claims, envelope } = unsigned(options, key.publicKey);
  return envelope(encodeInvocationJwt(claims, key));
}

/**
 * `signInvocation` signed by the runtime's native Ed25519 where it has one (`nativeSigner`, imported once per
 * `SigningKey` object), else as `signInvocation` does. The same fields give byte-identical output to it.
 */
export async function signInvocationAsync(options: SignInvocationOptions): Promise<Invocation> {
  const key = keyOf(options);
  const { claims, envelope } = unsigned(options, key.publicKey);
  return envelope(await encodeInvocationJwtAsync(claims, await nativeSigner(key)));
}

/**
 * Checks an invocation the way weld's `validate_invocation` does: the JWT (signature, `exp`/`nbf`, issuer in
 * `allowedIssuers` when given), then the claimed origin and target URLs, the payload hash (skipped when `msg`
 * is empty: chunked) and the `host_id` shape (an `N…` or `C…` public key). Returns the claims. Throws
 * `ProtocolError`: `invalid_signature`, `expired`, `not_yet_valid`, `untrusted_issuer`, `malformed` or
 * `invocation_mismatch`.
 */
export function verifyInvocation(invocation: Invocation, options: VerifyOptions = {}): InvocationClaims {
  const claims = toInvocationClaims(verifyJwt(invocation.encoded_claims, options));
  const origin = entityUrl(invocation.origin);
  const target = targetUrl(invocation.target, invocation.operation);
  if (claims.wascap.origin_url !== origin) {
    throw new ProtocolError(
      'invocation_mismatch',
      `claims origin ${claims.wascap.origin_url} is not ${origin}`,
    );
  }
  if (claims.wascap.target_url !== target) {
    throw new ProtocolError(
      'invocation_mismatch',
      `claims target ${claims.wascap.target_url} is not ${target}`,
    );
  }
  if (invocation.msg.length > 0) {
    const hash = invocationHash(origin, target, invocation.operation, invocation.msg);
    if (claims.wascap.hash !== hash) {
      throw new ProtocolError('invocation_mismatch', 'the payload does not match the signed invocation hash');
    }
  }
  if (!isPublicKey(invocation.host_id, 'host') && !isPublicKey(invocation.host_id, 'cluster')) {
    throw new ProtocolError(
      'invocation_mismatch',
      `host_id '${invocation.host_id}' is not a host or cluster key`,
    );
  }
  return claims;
}
