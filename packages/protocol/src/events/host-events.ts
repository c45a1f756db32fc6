/** Host lifecycle events (1.x). */
import type { z } from 'zod';
import { normalize } from '../codec/json.ts';
import { HostInventory } from '../ctl/types.ts';
import type { EventPayload, StringMap } from './types.ts';

/** After startup; `uptime_seconds` is always 0. */
export function hostStarted(input: {
  friendly_name: string;
  labels: StringMap;
  version: string;
}): EventPayload<'host_started'> {
  return { type: 'host_started', data: { ...input, uptime_seconds: 0 } };
}

/** On shutdown. */
export function hostStopped(input: { labels: StringMap }): EventPayload<'host_stopped'> {
  return { type: 'host_stopped', data: { labels: input.labels } };
}

/** Every heartbeat interval: the host's full inventory (descriptions normalised, `limits: null` kept). */
export function hostHeartbeat(inventory: z.input<typeof HostInventory>): EventPayload<'host_heartbeat'> {
  return { type: 'host_heartbeat', data: normalize(HostInventory, inventory) };
}

/** After a label put or delete: the full label map. */
export function labelsChanged(input: { host_id: string; labels: StringMap }): EventPayload<'labels_changed'> {
  return { type: 'labels_changed', data: { host_id: input.host_id, labels: input.labels } };
}
