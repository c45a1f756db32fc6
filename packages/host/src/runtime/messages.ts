/**
 * Everything that crosses the worker-thread boundary, defined once and used by both sides. Tasks go to a
 * worker through piscina; replies come back as the task's result; events go worker -> main on the worker's
 * parent port; broadcasts go main -> every worker on a BroadcastChannel.
 */

/** A prepared component as a worker needs it: the transpiled module's URL and its compiled core modules. */
export interface ComponentCode {
  digest: string;
  /** file: URL of jco's transpiled `component.js` (instantiation mode). */
  moduleUrl: string;
  /**
   * Core modules by the file name jco's `instantiate` asks for. Left out of tasks by default (a worker keeps
   * the modules it has seen, by digest); sent again when a worker answers `need-code`.
   */
  modules?: Record<string, WebAssembly.Module>;
  /** The component's imports (WIT interface names without versions), checked before instantiating. */
  imports: string[];
}

/** What a worker needs to find or create a warm instance. */
export interface InstanceSpec {
  componentId: string;
  /** Bumped on every deploy that changes the code; a worker replaces instances of older generations. */
  generation: number;
  code: ComponentCode;
  /** The config values `wasi:config/runtime` returns during this task. */
  config: Record<string, string>;
  /** Linear memory ceiling, checked after instantiation and after every call. */
  maxMemoryBytes?: number;
}

export type WorkerTask =
  | ({ kind: 'call'; operation: string; payload: Uint8Array } & InstanceSpec)
  /** Instantiate (if needed) and keep the instance warm: how deploy validates a component. */
  | ({ kind: 'warm' } & InstanceSpec);

export type WorkerReply =
  | { kind: 'ok'; payload: Uint8Array }
  | { kind: 'handler-error'; message: string }
  | { kind: 'trap'; message: string }
  | { kind: 'memory-limit'; message: string }
  | { kind: 'instantiate-failed'; message: string }
  /** The worker has no compiled modules for this digest: send the task again with `code.modules`. */
  | { kind: 'need-code' };

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'critical';

export type WorkerEvent = {
  kind: 'log';
  componentId: string;
  level: LogLevel;
  context: string;
  message: string;
};

export type WorkerBroadcast =
  /** Drop warm instances of `componentId` whose generation is at most `upTo`. */
  { kind: 'evict'; componentId: string; upTo: number };

/** What every worker gets at start (piscina's workerData). */
export interface WorkerData {
  broadcastChannel: string;
}

export function isWorkerEvent(value: unknown): value is WorkerEvent {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'log';
}
