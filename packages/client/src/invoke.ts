/**
 * `callComponent`: a signed msgpack `Invocation` on `rpcSubject(lattice, component)` (reference §3.5),
 * answered by one host running the component (queue group) with an `InvocationResponse`.
 */
import * as protocol from '@trellis/protocol';
import { keyFromSeed, rpcSubject } from '@trellis/protocol';
import type { ClientConnection } from './connection.ts';
import { InvocationError } from './errors.ts';
import { requestReply } from './transport.ts';

interface Entity {
  public_key: string;
  link_name: string;
  contract_id: string;
}
// The protocol package's RPC codec lands in parallel; bound by name until its index exports it.
const rpc = protocol as unknown as {
  signInvocation(options: {
    origin: Entity;
    target: Entity;
    operation: string;
    msg: Uint8Array;
    hostId: string;
    signingSeed: string;
  }): { id: string } & Record<string, unknown>;
  encodeInvocation(invocation: Record<string, unknown>): Uint8Array;
  decodeInvocationResponse(bytes: Uint8Array): { msg: Uint8Array; invocation_id: string; error?: string };
};

export interface CallOptions {
  /** Seed of the key that signs the invocation (a cluster seed `SC…`, as 0.x hosts expect). */
  seed: string;
  /** Reply timeout in ms; default the client's `timeoutMs`. */
  timeoutMs?: number;
  /** `host_id` of the envelope; default the signing key's public key (as the OTP host did). */
  hostId?: string;
}

/** Who the client says it is in `origin`: the signer, under the contract id `trellis:client`. */
export function clientEntity(publicKey: string): Entity {
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
  const invocation = rpc.signInvocation({
    origin: clientEntity(signer.publicKey),
    target: { public_key: componentId, link_name: '', contract_id: '' },
    operation,
    msg: payload,
    hostId: options.hostId ?? signer.publicKey,
    signingSeed: options.seed,
  });
  const reply = await requestReply(nc, subject, rpc.encodeInvocation(invocation), options.timeoutMs);
  const response = rpc.decodeInvocationResponse(reply.data);
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
