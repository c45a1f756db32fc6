/** Component claims in the shapes the host puts on the wire: event `claims`, `CLAIMS_{sub}`, claims.get. */
import type { ClaimsMap, ComponentClaims } from '@trellis/protocol';
import type { StoredClaims } from '../store/lattice-store.ts';

const human = (seconds: number | undefined) => (seconds === undefined ? 'never' : String(seconds));

/**
 * `format_component_claims` of 1.9.2 (raw epoch numbers as strings, or `never`). Metadata fields the token
 * lacks are `null` (they are `Option`s serialised by `json!`), not defaults.
 */
export function eventClaims(claims: ComponentClaims): Record<string, unknown> {
  const meta = claims.wascap;
  const base = {
    expires_human: human(claims.exp),
    issuer: claims.iss,
    not_before_human: human(claims.nbf),
  };
  if (!meta) return base;
  return {
    ...base,
    call_alias: meta.call_alias ?? null,
    name: meta.name ?? null,
    revision: meta.rev ?? null,
    tags: meta.tags ?? null,
    version: meta.ver ?? null,
  };
}

/** What the host stores as `CLAIMS_{subject}`. */
export function storedClaims(claims: ComponentClaims): StoredClaims {
  const meta = claims.wascap;
  return {
    call_alias: meta?.call_alias ?? '',
    issuer: claims.iss,
    name: meta?.name ?? '',
    revision: String(meta?.rev ?? 0),
    subject: claims.sub,
    tags: meta?.tags ?? [],
    version: meta?.ver ?? '',
  };
}

/** One entry of the claims.get reply (§1.4.8), legacy duplicate keys included. */
export function claimsMap(stored: StoredClaims): ClaimsMap {
  return {
    call_alias: stored.call_alias,
    iss: stored.issuer,
    issuer: stored.issuer,
    name: stored.name,
    rev: stored.revision,
    revision: stored.revision,
    sub: stored.subject,
    subject: stored.subject,
    tags: stored.tags.join(','),
    version: stored.version,
  };
}
