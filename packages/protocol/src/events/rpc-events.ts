/** Invocation results, published on the RPC event subject (`rpcevt`), not the lattice event subject. */
import type { EventPayload, InvocationEventData } from './types.ts';

export const invocationSucceeded = (data: InvocationEventData): EventPayload<'invocation_succeeded'> => ({
  type: 'invocation_succeeded',
  data,
});

export const invocationFailed = (data: InvocationEventData): EventPayload<'invocation_failed'> => ({
  type: 'invocation_failed',
  data,
});
