import type { WorkerEvent } from '../messages.ts';

/** What host imports of one instance read: who is calling and the config of the current task. */
export interface InstanceContext {
  readonly componentId: string;
  /** Replaced before every call with the task's config. */
  config: Record<string, string>;
  /** Sends an event to the main thread. */
  emit(event: WorkerEvent): void;
}
