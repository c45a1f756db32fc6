export { type Challenge, parseChallenges } from './challenge.ts';
export { basicAuthorization, type RegistryCredential } from './credentials.ts';
export { sha256Digest, verifyDigest } from './digest.ts';
export { isOciError, OciError, type OciErrorCode } from './errors.ts';
export { type Descriptor, type ParsedManifest, parseManifest } from './manifest.ts';
export { MANIFEST_ACCEPT, MediaType, WASM_LAYER_MEDIA_TYPES } from './media-types.ts';
export { type PullOptions, type PullResult, pickLayer, pullComponent } from './pull.ts';
export { type PushOptions, type PushResult, pushComponent } from './push.ts';
export {
  formatReference,
  isLoopbackRegistry,
  type OciReference,
  parseReference,
  registryHostname,
} from './reference.ts';
export { type Action, type RegistryOptions, RegistrySession } from './registry-session.ts';
