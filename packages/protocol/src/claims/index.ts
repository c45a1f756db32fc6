export { fromBase64Url, toBase64Url } from './base64url.ts';
export { normalizeCallAlias } from './call-alias.ts';
export {
  type DecodedJwt,
  decodeJwt,
  encodeComponentJwt,
  encodeHostJwt,
  encodeInvocationJwt,
  encodeJwt,
  toComponentClaims,
  toHostClaims,
  toInvocationClaims,
  type VerifyOptions,
  verifyJwt,
} from './jwt.ts';
export {
  type Claims,
  type ClaimsWith,
  type ComponentClaims,
  type ComponentMetadata,
  type HostClaims,
  type HostMetadata,
  type InvocationClaims,
  type InvocationMetadata,
  WASCAP_REVISION,
} from './types.ts';
