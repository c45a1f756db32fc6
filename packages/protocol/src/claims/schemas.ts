/**
 * Wire schemas of the claims body and each `wascap` variant, fields in Rust struct order (`jwt.rs`), so that
 * normalising a value also puts its keys in the order wascap writes them. Decoding is tolerant the way serde
 * is: unknown fields dropped, `null` for an optional field reads as absent, `prov` defaults to false.
 */
import { z } from 'zod';
import { i32, u32, u64, wireObject } from '../codec/wire.ts';

export const componentMetadataSchema = wireObject({
  name: z.string().optional(),
  hash: z.string(),
  tags: z.array(z.string()).optional(),
  caps: z.array(z.string()).optional(),
  rev: i32().optional(),
  ver: z.string().optional(),
  call_alias: z.string().optional(),
  prov: z.boolean().default(false),
});

export const hostMetadataSchema = wireObject({
  name: z.string(),
  labels: z.record(z.string(), z.string()).optional(),
});

export const invocationMetadataSchema = wireObject({
  target_url: z.string(),
  origin_url: z.string(),
  hash: z.string(),
});

/** The claims body around a `wascap` of schema `wascap`. */
export function claimsSchema<W extends z.ZodType>(wascap: W) {
  return wireObject({
    exp: u64().optional(),
    jti: z.string(),
    iat: u64(),
    iss: z.string(),
    sub: z.string(),
    nbf: u64().optional(),
    wascap: wascap.optional(),
    wascap_revision: u32().optional(),
  });
}

/** The claims body with `wascap` left as any JSON value, for reading a token before knowing its kind. */
export const anyClaimsSchema = claimsSchema(z.unknown());

export const componentClaimsSchema = claimsSchema(componentMetadataSchema);
export const hostClaimsSchema = claimsSchema(hostMetadataSchema);
export const invocationClaimsSchema = claimsSchema(invocationMetadataSchema);

/** The JWT header. Both fields are required; their values are checked by `verifyJwt`. */
export const headerSchema = z.object({ typ: z.string(), alg: z.string() });
