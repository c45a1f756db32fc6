export {
  type InvocationSigner,
  invocationHash,
  invocationId,
  type SignInvocationOptions,
  signInvocation,
  signInvocationAsync,
  verifyInvocation,
} from './anti-forgery.ts';
export { entityUrl, targetUrl, type WasmCloudEntity, wasmCloudEntitySchema } from './entity.ts';
export {
  decodeInvocation,
  decodeInvocationResponse,
  encodeInvocation,
  encodeInvocationResponse,
  type Invocation,
  type InvocationResponse,
  invocationResponseSchema,
  invocationSchema,
} from './invocation.ts';
