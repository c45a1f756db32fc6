/**
 * `callComponent`: a signed msgpack `Invocation` on `rpcSubject(lattice, component)` (reference §3.5),
 * answered by one host running the component (queue group) with an `InvocationResponse`.
 */
import {
  decodeInvocationResponse,
  encodeInvocation,
  keyFromSeed,
  rpcSubject,
  signInvocation,
  type WasmCloudEntity,
} from '@trellis/protocol';
import type { ClientConnection } from './connection.ts';
import { InvocationError } from './errors.ts';
import { requestReply } from './transport.ts';

export interface CallOptions {
  /** Seed of the key that signs the invocation (a cluster seed `SC…`, as 0.x hosts expect). */
  seed: string;
  /** Reply timeout in ms; default the client's `timeoutMs`. */
  timeoutMs?: number;
  /** `host_id` of the envelope; default the signing key's public key (as the OTP host did). */
  hostId?: string;
}

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
  options: CallOptions & { timeoutMs: number },
): Promise<Uint8Array> {
  const subject = rpcSubject(lattice, componentId);
  const signer = keyFromSeed(options.seed);
  const invocation = signInvocation({
    origin: clientEntity(signer.publicKey),
    target: { public_key: componentId, link_name: '', contract_id: '' },
    operation,
    msg: payload,
    hostId: options.hostId ?? signer.publicKey,
    signingSeed: options.seed,
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
