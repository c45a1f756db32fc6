/**
 * The older event set of seed 000 (component_* names with instance ids and counts, provider events keyed by
 * contract id and link name, refmap_set, linkdef with `values`). Field sets exactly as the seed lists them.
 */

import type { HealthCheckEvent } from './provider-events.ts';
import type {
  ComponentStartedData,
  ComponentStartFailedData,
  ComponentStopData,
  ComponentsStartedData,
  ComponentsStartFailedData,
  ComponentsStoppedData,
  ComponentUpdatedData,
  ComponentUpdateFailedData,
  EventPayload,
  LegacyHealthCheckData,
  LegacyLinkdefData,
  LegacyProviderStartedData,
  LegacyProviderStartFailedData,
  LegacyProviderStoppedData,
  RefmapSetData,
} from './types.ts';

export const componentStarted = (data: ComponentStartedData): EventPayload<'component_started'> => ({
  type: 'component_started',
  data,
});
export const componentsStarted = (data: ComponentsStartedData): EventPayload<'components_started'> => ({
  type: 'components_started',
  data,
});
export const componentStopped = (data: ComponentStopData): EventPayload<'component_stopped'> => ({
  type: 'component_stopped',
  data,
});
export const componentsStopped = (data: ComponentsStoppedData): EventPayload<'components_stopped'> => ({
  type: 'components_stopped',
  data,
});
export const componentStartFailed = (
  data: ComponentStartFailedData,
): EventPayload<'component_start_failed'> => ({
  type: 'component_start_failed',
  data,
});
export const componentsStartFailed = (
  data: ComponentsStartFailedData,
): EventPayload<'components_start_failed'> => ({
  type: 'components_start_failed',
  data,
});
export const componentUpdated = (data: ComponentUpdatedData): EventPayload<'component_updated'> => ({
  type: 'component_updated',
  data,
});
export const componentUpdateFailed = (
  data: ComponentUpdateFailedData,
): EventPayload<'component_update_failed'> => ({
  type: 'component_update_failed',
  data,
});
export const refmapSet = (data: RefmapSetData): EventPayload<'refmap_set'> => ({ type: 'refmap_set', data });

export const legacyProviderStarted = (data: LegacyProviderStartedData): EventPayload<'provider_started'> => ({
  type: 'provider_started',
  data,
});
export const legacyProviderStopped = (data: LegacyProviderStoppedData): EventPayload<'provider_stopped'> => ({
  type: 'provider_stopped',
  data,
});
export const legacyProviderStartFailed = (
  data: LegacyProviderStartFailedData,
): EventPayload<'provider_start_failed'> => ({
  type: 'provider_start_failed',
  data,
});
export function legacyHealthCheck<T extends HealthCheckEvent>(
  type: T,
  data: LegacyHealthCheckData,
): EventPayload<T> {
  return { type, data } as EventPayload<T>;
}
export const legacyLinkdefSet = (data: LegacyLinkdefData): EventPayload<'linkdef_set'> => ({
  type: 'linkdef_set',
  data,
});
export const legacyLinkdefDeleted = (data: LegacyLinkdefData): EventPayload<'linkdef_deleted'> => ({
  type: 'linkdef_deleted',
  data,
});
