/**
 * wascap claims (§4.2 of the wire reference). Field names are the wire names; the encoders write them in the
 * Rust struct order, omitting absent optional fields.
 */

/** Current wascap revision written into new claims; module hashes are checked from this revision on. */
export const WASCAP_REVISION = 3;

/** The JWT claims body, generic over the `wascap` metadata. Times are epoch seconds. */
export interface Claims<T> {
  exp?: number;
  /** A NUID. */
  jti: string;
  iat: number;
  /** Issuer public key (an `A…` account for components, a `C…` cluster key for 0.x invocations). */
  iss: string;
  /** Subject: `M…` component, `V…` provider, `N…` host, or an invocation id. */
  sub: string;
  nbf?: number;
  wascap?: T;
  wascap_revision?: number;
}

/** `wascap` of a component (1.x `Component`, 0.x `Actor`). */
export interface ComponentMetadata {
  name?: string;
  /** Module hash, §4.3: uppercase hex SHA-256 of the binary without jwt sections. */
  hash: string;
  tags?: string[];
  /** 0.x only: capability contract ids. Kept when present so old tokens re-encode unchanged. */
  caps?: string[];
  rev?: number;
  ver?: string;
  call_alias?: string;
  prov: boolean;
}

/** `wascap` of a host's self-issued claims. */
export interface HostMetadata {
  name: string;
  labels?: Record<string, string>;
}

/** `wascap` of an invocation's anti-forgery claims (§3.5). */
export interface InvocationMetadata {
  target_url: string;
  origin_url: string;
  hash: string;
}

/** Claims whose `wascap` is present (what the typed readers return). */
export type ClaimsWith<T> = Claims<T> & { wascap: T };

export type ComponentClaims = ClaimsWith<ComponentMetadata>;
export type HostClaims = Claims<HostMetadata>;
export type InvocationClaims = ClaimsWith<InvocationMetadata>;
