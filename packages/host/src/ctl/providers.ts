/**
 * Capability providers are not implemented yet: starting one is refused with a clear message (never silence,
 * the project's rule where 1.9.2 would ack "successfully started provider") and, as 1.9.2 does for a start
 * that fails, `provider_start_failed` follows the reply, with the command's `host_id`. No provider is ever
 * running, so stop answers 1.9.2's error.
 */
import { type CtlResponse, ctlError } from '@trellis/protocol';
import type { HostContext } from '../context.ts';

export const PROVIDERS_UNSUPPORTED = 'capability providers are not supported yet by this host';

/** `hostId`: the command's `host_id`, which 1.9.2 puts in the event as given (default this host's id). */
export function startProviderUnsupported(
  ctx: HostContext,
  providerId: string,
  providerRef: string,
  hostId: string = ctx.id,
): CtlResponse {
  // After the reply has gone out, as 1.9.2's spawned start task publishes it.
  setImmediate(() =>
    ctx.events.emit('provider_start_failed', {
      error: PROVIDERS_UNSUPPORTED,
      host_id: hostId,
      link_name: 'default',
      provider_id: providerId,
      provider_ref: providerRef,
    }),
  );
  return ctlError(PROVIDERS_UNSUPPORTED);
}

export function providerNotRunning(): CtlResponse {
  return ctlError('provider with that ID is not running');
}
