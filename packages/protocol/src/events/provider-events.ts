/** Provider events of 1.x. `link_name` is always "default"; `instance_id` and `public_key` are the provider id. */
import type { EventPayload, HealthCheckData, ProviderEventClaims, StringMap } from './types.ts';

const LINK_NAME = 'default';

/** After the provider is running. With claims the event also has `claims`, `instance_id`, `link_name`, `public_key`. */
export function providerStarted(input: {
  annotations: StringMap;
  host_id: string;
  image_ref: string;
  provider_id: string;
  claims?: ProviderEventClaims;
}): EventPayload<'provider_started'> {
  const { claims, ...base } = input;
  if (claims === undefined) return { type: 'provider_started', data: base };
  return {
    type: 'provider_started',
    data: {
      ...base,
      claims,
      instance_id: base.provider_id,
      link_name: LINK_NAME,
      public_key: base.provider_id,
    },
  };
}

export function providerStartFailed(input: {
  error: string;
  host_id: string;
  provider_id: string;
  provider_ref: string;
}): EventPayload<'provider_start_failed'> {
  return { type: 'provider_start_failed', data: { ...input, link_name: LINK_NAME } };
}

/** `reason` is "stop" for a stop command. */
export function providerStopped(input: {
  annotations: StringMap;
  host_id: string;
  provider_id: string;
  reason?: string;
}): EventPayload<'provider_stopped'> {
  const { reason = 'stop', ...base } = input;
  return {
    type: 'provider_stopped',
    data: {
      ...base,
      instance_id: base.provider_id,
      link_name: LINK_NAME,
      public_key: base.provider_id,
      reason,
    },
  };
}

export type HealthCheckEvent = 'health_check_passed' | 'health_check_failed' | 'health_check_status';

/** `passed` on becoming healthy, `failed` on healthy -> unhealthy, `status` when nothing changed. */
export function healthCheck<T extends HealthCheckEvent>(type: T, input: HealthCheckData): EventPayload<T> {
  return { type, data: { host_id: input.host_id, provider_id: input.provider_id } } as EventPayload<T>;
}
