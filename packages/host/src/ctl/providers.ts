/**
 * Capability providers are not implemented yet: starting one is refused with a clear message and the
 * `provider_start_failed` event, and no provider is ever running (stop answers the reference's error).
 */
import { type CtlResponse, ctlError } from '@trellis/protocol';
import type { HostContext } from '../context.ts';

export const PROVIDERS_UNSUPPORTED = 'capability providers are not supported yet by this host';

export function startProviderUnsupported(
  ctx: HostContext,
  providerId: string,
  providerRef: string,
): CtlResponse {
  ctx.events.emit('provider_start_failed', {
    error: PROVIDERS_UNSUPPORTED,
    host_id: ctx.id,
    link_name: 'default',
    provider_id: providerId,
    provider_ref: providerRef,
  });
  return ctlError(PROVIDERS_UNSUPPORTED);
}

export function providerNotRunning(): CtlResponse {
  return ctlError('provider with that ID is not running');
}
