export {
  COMPONENT_PREAMBLE,
  type CustomSection,
  customSections,
  MODULE_PREAMBLE,
  type ParsedWasm,
  parseWasm,
  type Section,
  type WasmEncoding,
  wasmEncoding,
} from './binary.ts';
export { embedClaimsToken, extractClaimsToken } from './claims-section.ts';
export { moduleHash, sha256HexUpper } from './module-hash.ts';
export {
  type ComponentIssuer,
  type ComponentSubject,
  readComponentClaims,
  type SignComponentOptions,
  type SignedComponent,
  signComponent,
} from './sign.ts';
export { appendCustomSection, CLAIMS_SECTION, LEGACY_CLAIMS_SECTION, stripClaimsSections } from './strip.ts';
