/**
 * The events a component's state changes publish, with the fields the reference writes: 1.9.2's
 * `component_scaled` and `component_scale_failed`, and the older set's started, stopped and updated events
 * (published only where the host speaks the older set). The manager decides what happened; this says it.
 */
import type { ComponentClaims } from '@trellis/protocol';
import { messageOf } from '../errors.ts';
import type { EventPublisher } from '../events/publisher.ts';
import { sortedByKey } from '../sorted-by-key.ts';
import { eventClaims } from './claims-data.ts';
import type { RunningComponent, ScaleRequest } from './manager.ts';

export class ComponentEvents {
  readonly #events: EventPublisher;
  /** This host's id: the older set's `host_id`. */
  readonly #hostId: string;

  constructor(events: EventPublisher, hostId: string) {
    this.#events = events;
    this.#hostId = hostId;
  }

  /** `component_scaled`; `hostId` is what 1.9.2 puts there (the request's host id, or this host's). */
  scaled(component: RunningComponent, maxInstances: number, hostId: string): void {
    const data: Record<string, unknown> = {
      annotations: sortedByKey(component.annotations),
      component_id: component.id,
      host_id: hostId,
      image_ref: component.imageRef,
      max_instances: maxInstances,
    };
    if (component.claims) {
      data.claims = eventClaims(component.claims);
      data.public_key = component.claims.sub;
    }
    this.#events.emit('component_scaled', data);
  }

  /** `component_scale_failed` for the request as given (its image ref, annotations and count), `hostId` as above. */
  scaleFailed(
    request: ScaleRequest,
    hostId: string,
    error: unknown,
    claims: ComponentClaims | undefined,
  ): void {
    const data: Record<string, unknown> = {
      annotations: sortedByKey(request.annotations ?? {}),
      component_id: request.componentId,
      error: messageOf(error),
      host_id: hostId,
      image_ref: request.ref,
      max_instances: request.count,
    };
    if (claims) data.public_key = claims.sub;
    this.#events.emit('component_scale_failed', data);
  }

  /** Older set: `component_start_failed` for the reference that would not start. */
  startFailed(ref: string, error: unknown): void {
    this.#events.emitLegacy('component_start_failed', { component_ref: ref, error: messageOf(error) });
  }

  /** Older set: `component_started` and `components_started` for a component that was not running. */
  started(component: RunningComponent, count: number): void {
    const claims = component.claims ? eventClaims(component.claims) : {};
    this.#events.emitLegacy('component_started', {
      annotations: sortedByKey(component.annotations),
      api_version: 0,
      claims,
      image_ref: component.imageRef,
      instance_id: component.instanceId,
      public_key: publicKey(component),
    });
    this.#events.emitLegacy('components_started', {
      annotations: sortedByKey(component.annotations),
      claims,
      count,
      host_id: this.#hostId,
      image_ref: component.imageRef,
      public_key: publicKey(component),
    });
  }

  /** Older set: `components_started` or `components_stopped` (after `component_stopped` at 0) for a new count. */
  countChanged(component: RunningComponent, before: number, after: number): void {
    if (after > before) {
      this.#events.emitLegacy('components_started', {
        annotations: sortedByKey(component.annotations),
        claims: component.claims ? eventClaims(component.claims) : {},
        count: after - before,
        host_id: this.#hostId,
        image_ref: component.imageRef,
        public_key: publicKey(component),
      });
    } else if (after < before) {
      if (after === 0) {
        this.#events.emitLegacy('component_stopped', {
          annotations: sortedByKey(component.annotations),
          instance_id: component.instanceId,
          public_key: publicKey(component),
        });
      }
      this.#events.emitLegacy('components_stopped', {
        annotations: sortedByKey(component.annotations),
        count: before - after,
        host_id: this.#hostId,
        public_key: publicKey(component),
        remaining: after,
      });
    }
  }

  /** Older set: `component_updated`, with the new instance's revision. */
  updated(component: RunningComponent): void {
    this.#events.emitLegacy('component_updated', {
      public_key: publicKey(component),
      revision: component.claims?.wascap?.rev ?? 0,
      instance_id: component.instanceId,
    });
  }

  /** Older set: `component_update_failed`, with the reason. */
  updateFailed(component: RunningComponent, error: unknown): void {
    this.#events.emitLegacy('component_update_failed', {
      public_key: publicKey(component),
      revision: component.claims?.wascap?.rev ?? 0,
      instance_id: component.instanceId,
      reason: messageOf(error),
    });
  }
}

/** The M… key from claims when signed, else the component id (1.x components need not be signed). */
function publicKey(component: RunningComponent): string {
  return component.claims?.sub ?? component.id;
}
