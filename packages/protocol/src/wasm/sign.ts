/**
 * Signing a component with wascap claims and reading them back (§4.3): the JWT is issued by an account key for
 * a component (`M…`) subject and carries the module hash, so any change to the code is detected.
 */
import { nuid } from '@nats-io/nuid';
import { normalizeCallAlias } from '../claims/call-alias.ts';
import { encodeComponentJwt, toComponentClaims, type VerifyOptions, verifyJwt } from '../claims/jwt.ts';
import { type ComponentClaims, WASCAP_REVISION } from '../claims/types.ts';
import { ProtocolError } from '../errors.ts';
import { createKey, keyFromSeed, type SigningKey } from '../keys/keys.ts';
import { embedClaimsToken, extractClaimsToken } from './claims-section.ts';
import { moduleHash } from './module-hash.ts';

interface ComponentFields {
  name: string;
  rev?: number;
  ver?: string;
  tags?: string[];
  /** Normalised the way wascap does (see `normalizeCallAlias`). */
  callAlias?: string;
  expiresAt?: Date;
  notBefore?: Date;
  /** Issue time. Default: now. */
  now?: Date;
  /** The token id. Default: a new NUID. */
  jti?: string;
}

/** The issuer, an account key (`A…`): its seed (`SA…`) or the key itself (from `keyFromSeed`). */
export type ComponentIssuer =
  | { accountSeed: string; accountKey?: undefined }
  | { accountKey: SigningKey; accountSeed?: undefined };

/** The component's identity (`M…`): its seed (`SM…`), the key itself, or neither for a new random key. */
export type ComponentSubject =
  | { subjectSeed?: string; subjectKey?: undefined }
  | { subjectKey: SigningKey; subjectSeed?: undefined };

export type SignComponentOptions = ComponentFields & ComponentIssuer & ComponentSubject;

export interface SignedComponent {
  /** The binary with its old claims sections removed and the new `wasmcloud_jwt` section appended. */
  bytes: Uint8Array;
  jwt: string;
  claims: ComponentClaims;
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** Signs a component or core module: computes its module hash, issues the claims JWT and embeds it. */
export function signComponent(bytes: Uint8Array, options: SignComponentOptions): SignedComponent {
  const account =
    options.accountKey !== undefined ? options.accountKey : keyFromSeed(options.accountSeed, 'account');
  if (account.kind !== 'account') {
    throw new ProtocolError(
      'invalid_key',
      `accountKey must be an account key (A…), got a ${account.kind} key`,
    );
  }
  const subject =
    options.subjectKey ??
    (options.subjectSeed === undefined ? createKey('component') : keyFromSeed(options.subjectSeed));
  if (subject.kind !== 'component') {
    const message = options.subjectKey
      ? `subjectKey must be a component key (M…), got a ${subject.kind} key`
      : `subjectSeed must be a component seed (SM…), got a ${subject.kind} seed`;
    throw new ProtocolError('invalid_key', message);
  }
  const claims: ComponentClaims = {
    exp: options.expiresAt && seconds(options.expiresAt),
    jti: options.jti ?? nuid.next(),
    iat: seconds(options.now ?? new Date()),
    iss: account.publicKey,
    sub: subject.publicKey,
    nbf: options.notBefore && seconds(options.notBefore),
    wascap: {
      name: options.name,
      hash: moduleHash(bytes),
      tags: options.tags,
      rev: options.rev,
      ver: options.ver,
      call_alias: options.callAlias === undefined ? undefined : normalizeCallAlias(options.callAlias),
      prov: false,
    },
    wascap_revision: WASCAP_REVISION,
  };
  const jwt = encodeComponentJwt(claims, account);
  return { bytes: embedClaimsToken(bytes, jwt), jwt, claims: toComponentClaims(claims) };
}

/**
 * The verified claims of a signed binary, or undefined when it carries none. Throws `ProtocolError`:
 * `invalid_wasm` (does not parse), `malformed` (token unreadable), `invalid_signature`, `untrusted_issuer`,
 * `expired`, `not_yet_valid`, or `invalid_module_hash` (the code changed after signing; checked for
 * `wascap_revision` >= 3 as wascap does).
 */
export function readComponentClaims(
  bytes: Uint8Array,
  options: VerifyOptions = {},
): ComponentClaims | undefined {
  const hash = moduleHash(bytes);
  const jwt = extractClaimsToken(bytes);
  if (jwt === undefined) return undefined;
  const claims = toComponentClaims(verifyJwt(jwt, options));
  const revision = claims.wascap_revision ?? 0;
  if (revision >= WASCAP_REVISION && claims.wascap.hash !== hash) {
    throw new ProtocolError(
      'invalid_module_hash',
      `module hash ${hash} does not match the signed hash ${claims.wascap.hash}`,
    );
  }
  return claims;
}
