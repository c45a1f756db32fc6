/**
 * `callComponent`: a signed msgpack `Invocation` on `rpcSubject(lattice, component)` (reference §3.5),
 * answered by one host running the component (queue group) with an `InvocationResponse`. The invocation is
 * signed by the runtime's native Ed25519 where it has one (`signInvocationAsync`), with the same bytes.
 */
import {
  decodeInvocationResponse,
  encodeInvocation,
  rpcSubject,
  type SigningKey,
  signInvocationAsync,
  type WasmCloudEntity,
} from '@trellis/protocol';
import type { ClientConnection } from './connection.ts';
import { InvocationError } from './errors.ts';
import type { CallSigner } from './signing-keys.ts';
import { requestReply } from './transport.ts';

interface CallSettings {
  /** Reply timeout in ms; default the client's `timeoutMs`. */
  timeoutMs?: number;
  /** `host_id` of the envelope; default the signing key's public key (as the OTP host did). */
  hostId?: string;
}

/**
 * How to call: who signs (a cluster key `C…`, as 0.x hosts expect), as `seed` (`SC…`; the client derives
 * the key once and keeps it) or as a `signingKey` from `keyFromSeed`; plus the timeout and `host_id`.
 */
export type CallOptions = CallSettings & CallSigner;

/** Who the client says it is in `origin`: the signer, under the contract id `trellis:client`. */
export function clientEntity(publicKey: string): WasmCloudEntity {
  return { public_key: publicKey, link_name: 'default', contract_id: 'trellis:client' };
}

export async function callComponent(
  nc: ClientConnection,
  lattice: string,
  componentId: string,
  operation: string,
  payload: Uint8Array,
  options: { signer: SigningKey; timeoutMs: number; hostId?: string },
): Promise<Uint8Array> {
  const subject = rpcSubject(lattice, componentId);
  const { signer } = options;
  const invocation = await signInvocationAsync({
    origin: clientEntity(signer.publicKey),
    target: { public_key: componentId, link_name: '', contract_id: '' },
    operation,
    msg: payload,
    hostId: options.hostId ?? signer.publicKey,
    signingKey: signer,
  });
  const reply = await requestReply(nc, subject, encodeInvocation(invocation), options.timeoutMs);
  const response = decodeInvocationResponse(reply.data);
  if (response.error !== undefined) {
    throw new InvocationError(
      componentId,
      operation,
      response.invocation_id || invocation.id,
      response.error,
    );
  }
  return response.msg;
}
