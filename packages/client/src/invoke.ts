/**
 * `callComponent`: a signed msgpack `Invocation` on `wasmbus.rpc.{lattice}.{component}` (reference §3.5),
 * answered by one host running the component with an `InvocationResponse`.
 */
import type { ClientConnection } from './connection.ts';
import { ClientError } from './errors.ts';

export interface CallOptions {
  /** Seed of the key that signs the invocation (a cluster seed `SC…` as 0.x hosts expect). */
  seed: string;
  /** Reply timeout in ms; default the client's `timeoutMs`. */
  timeoutMs?: number;
}

export async function callComponent(
  _nc: ClientConnection,
  _lattice: string,
  _componentId: string,
  _operation: string,
  _payload: Uint8Array,
  _options: CallOptions,
): Promise<Uint8Array> {
  throw new ClientError('invalid_argument', 'callComponent is not available yet');
}
