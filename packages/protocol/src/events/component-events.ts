/** Component events of 1.x: `component_scaled` and `component_scale_failed`. */
import type { ComponentEventClaims, EventPayload, StringMap } from './types.ts';

/** Claims as 1.9.2 prints times: the epoch seconds as a string, or "never". */
export function claimTime(epochSeconds: number | null | undefined): string {
  return epochSeconds === null || epochSeconds === undefined ? 'never' : String(epochSeconds);
}

interface ScaledBase {
  annotations: StringMap;
  component_id: string;
  host_id: string;
  image_ref: string;
  max_instances: number;
}
/** With claims, `claims` and `public_key` (the claims subject, M…) are both present; without, neither. */
type WithClaims =
  | { claims: ComponentEventClaims; public_key: string }
  | { claims?: undefined; public_key?: undefined };

/** Scale, update, or scale to 0 (`max_instances: 0`). */
export function componentScaled(input: ScaledBase & WithClaims): EventPayload<'component_scaled'> {
  const { claims, public_key, ...base } = input;
  return {
    type: 'component_scaled',
    data: claims === undefined ? { ...base } : { ...base, claims, public_key: public_key as string },
  };
}

/** A fetch, policy or instantiation failure; `error` is the whole cause chain. */
export function componentScaleFailed(
  input: ScaledBase & { error: string; public_key?: string },
): EventPayload<'component_scale_failed'> {
  const { public_key, ...rest } = input;
  return { type: 'component_scale_failed', data: public_key === undefined ? rest : { ...rest, public_key } };
}
