/**
 * wascap JWTs (§4.2): header `{"typ":"jwt","alg":"Ed25519"}`, claims body in Rust struct order, segments in
 * unpadded base64url, Ed25519 signature over the ASCII `header.claims` by the issuer's key.
 */
import type { z } from 'zod';
import { malformedFromZod } from '../codec/errors.ts';
import { normalize, parseJson } from '../codec/json.ts';
import { ProtocolError } from '../errors.ts';
import { isPublicKey, type SigningKey, verifySignature } from '../keys/keys.ts';
import type { AsyncSigner } from '../keys/native-signer.ts';
import { fromBase64Url, toBase64Url } from './base64url.ts';
import {
  anyClaimsSchema,
  componentClaimsSchema,
  headerSchema,
  hostClaimsSchema,
  invocationClaimsSchema,
} from './schemas.ts';
import type { Claims, ComponentClaims, HostClaims, InvocationClaims } from './types.ts';

const HEADER_SEGMENT = toBase64Url(new TextEncoder().encode('{"typ":"jwt","alg":"Ed25519"}'));
const encoder = new TextEncoder();

/** The ASCII `header.claims` a JWT's signature covers, with `claims` normalised by `schema`. */
function signingInputOf<S extends z.ZodType>(schema: S, claims: z.input<S>): string {
  return `${HEADER_SEGMENT}.${toBase64Url(encoder.encode(JSON.stringify(normalize(schema, claims))))}`;
}

/** Encodes `claims` (normalised by `schema`: field order, defaults) and signs it with `signer`. */
export function encodeJwt<S extends z.ZodType>(schema: S, claims: z.input<S>, signer: SigningKey): string {
  const signingInput = signingInputOf(schema, claims);
  return `${signingInput}.${toBase64Url(signer.sign(encoder.encode(signingInput)))}`;
}

/** `encodeJwt` signed by an `AsyncSigner` (e.g. `nativeSigner(key)`): the same token as with `key`. */
export async function encodeJwtAsync<S extends z.ZodType>(
  schema: S,
  claims: z.input<S>,
  signer: AsyncSigner,
): Promise<string> {
  const signingInput = signingInputOf(schema, claims);
  return `${signingInput}.${toBase64Url(await signer.sign(encoder.encode(signingInput)))}`;
}

/** A component's claims as a signed JWT (`wascap` in the order name, hash, tags, caps, rev, ver, call_alias, prov). */
export function encodeComponentJwt(claims: ComponentClaims, signer: SigningKey): string {
  return encodeJwt(componentClaimsSchema, claims, signer);
}

/** A host's self-issued claims as a signed JWT. */
export function encodeHostJwt(claims: HostClaims, signer: SigningKey): string {
  return encodeJwt(hostClaimsSchema, claims, signer);
}

/** An invocation's anti-forgery claims as a signed JWT. */
export function encodeInvocationJwt(claims: InvocationClaims, signer: SigningKey): string {
  return encodeJwt(invocationClaimsSchema, claims, signer);
}

/** `encodeInvocationJwt` signed by an `AsyncSigner`: the same token as with its `SigningKey`. */
export function encodeInvocationJwtAsync(claims: InvocationClaims, signer: AsyncSigner): Promise<string> {
  return encodeJwtAsync(invocationClaimsSchema, claims, signer);
}

/** A JWT split into its parts, not yet verified. */
export interface DecodedJwt {
  header: { typ: string; alg: string };
  claims: Claims<unknown>;
  /** The ASCII text the signature covers: `header.claims`. */
  signingInput: string;
  signature: Uint8Array;
}

function segmentJson(segment: string, what: string): unknown {
  try {
    return parseJson(fromBase64Url(segment));
  } catch (cause) {
    throw new ProtocolError('malformed', `JWT ${what} is not base64url JSON`, { cause });
  }
}

/** Splits and parses a JWT without checking it. Throws `ProtocolError('malformed')`. */
export function decodeJwt(token: string): DecodedJwt {
  if (typeof token !== 'string') throw new ProtocolError('malformed', 'a JWT must be a string');
  const segments = token.split('.');
  if (segments.length !== 3) {
    throw new ProtocolError('malformed', `a JWT has 3 segments, this one has ${segments.length}`);
  }
  const [head, body, signature] = segments as [string, string, string];
  const header = headerSchema.safeParse(segmentJson(head, 'header'));
  if (!header.success) throw malformedFromZod('JWT header', header.error);
  const claims = anyClaimsSchema.safeParse(segmentJson(body, 'claims'));
  if (!claims.success) throw malformedFromZod('JWT claims', claims.error);
  let signatureBytes: Uint8Array;
  try {
    signatureBytes = fromBase64Url(signature);
  } catch (cause) {
    throw new ProtocolError('malformed', 'JWT signature is not base64url', { cause });
  }
  return {
    header: header.data,
    claims: claims.data as Claims<unknown>,
    signingInput: `${head}.${body}`,
    signature: signatureBytes,
  };
}

export interface VerifyOptions {
  /** The time to check `exp` and `nbf` against. Default: the current time. */
  now?: Date;
  /** When given, `iss` must be one of these public keys. */
  allowedIssuers?: readonly string[];
  /**
   * The Ed25519 check of the signature. Default: `verifySignature` (pure JS, every runtime). A runtime with
   * native Ed25519 may pass a faster one; it must accept and refuse exactly what `verifySignature` does.
   */
  verifySignature?: (publicKey: string, data: Uint8Array, signature: Uint8Array) => boolean;
}

/**
 * Decodes and verifies a JWT the way wascap validates one: header `alg`/`typ`, non-empty `iss` and `sub`, the
 * Ed25519 signature by the key in `iss`, then the issuer allow-list, `exp` and `nbf`. Returns the claims with
 * `wascap` undecoded. Throws `ProtocolError` with code `malformed`, `invalid_signature`, `untrusted_issuer`,
 * `expired` or `not_yet_valid`.
 */
export function verifyJwt(token: string, options: VerifyOptions = {}): Claims<unknown> {
  const { header, claims, signingInput, signature } = decodeJwt(token);
  if (header.alg !== 'Ed25519') {
    throw new ProtocolError('invalid_signature', `unsupported JWT algorithm '${header.alg}'`);
  }
  if (header.typ !== 'jwt') throw new ProtocolError('malformed', `unsupported JWT type '${header.typ}'`);
  if (claims.iss === '') throw new ProtocolError('malformed', 'JWT has no issuer');
  if (claims.sub === '') throw new ProtocolError('malformed', 'JWT has no subject');
  if (!isPublicKey(claims.iss)) {
    throw new ProtocolError('invalid_signature', `JWT issuer '${claims.iss}' is not a public key`);
  }
  const verify = options.verifySignature ?? verifySignature;
  if (!verify(claims.iss, encoder.encode(signingInput), signature)) {
    throw new ProtocolError('invalid_signature', `JWT signature does not verify with issuer ${claims.iss}`);
  }
  if (options.allowedIssuers && !options.allowedIssuers.includes(claims.iss)) {
    throw new ProtocolError('untrusted_issuer', `JWT issuer ${claims.iss} is not an allowed issuer`);
  }
  const nowMs = (options.now ?? new Date()).getTime();
  if (claims.exp !== undefined && claims.exp * 1000 < nowMs) {
    throw new ProtocolError('expired', `JWT expired at ${new Date(claims.exp * 1000).toISOString()}`);
  }
  if (claims.nbf !== undefined && nowMs < claims.nbf * 1000) {
    throw new ProtocolError(
      'not_yet_valid',
      `JWT not valid before ${new Date(claims.nbf * 1000).toISOString()}`,
    );
  }
  return claims;
}

function typed<S extends z.ZodType>(schema: S, claims: Claims<unknown>, what: string): z.output<S> {
  const result = schema.safeParse(claims);
  if (!result.success) throw malformedFromZod(what, result.error);
  return result.data;
}

/** Reads decoded claims as component claims (tolerant); throws `malformed` when `wascap` is missing or wrong. */
export function toComponentClaims(claims: Claims<unknown>): ComponentClaims {
  const result = typed(componentClaimsSchema, claims, 'component claims');
  if (result.wascap === undefined) throw new ProtocolError('malformed', 'component claims without wascap');
  return result as ComponentClaims;
}

/** Reads decoded claims as host claims (tolerant). */
export function toHostClaims(claims: Claims<unknown>): HostClaims {
  return typed(hostClaimsSchema, claims, 'host claims') as HostClaims;
}

/** Reads decoded claims as invocation claims (tolerant); throws `malformed` when `wascap` is missing. */
export function toInvocationClaims(claims: Claims<unknown>): InvocationClaims {
  const result = typed(invocationClaimsSchema, claims, 'invocation claims');
  if (result.wascap === undefined) throw new ProtocolError('malformed', 'invocation claims without wascap');
  return result as InvocationClaims;
}
