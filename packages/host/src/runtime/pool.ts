import { randomUUID } from 'node:crypto';
import { BroadcastChannel, type ResourceLimits } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { RuntimeError } from './errors.ts';
import { Limiter } from './limiter.ts';
import {
  isWorkerEvent,
  type WorkerBroadcast,
  type WorkerData,
  type WorkerEvent,
  type WorkerReply,
  type WorkerTask,
} from './messages.ts';

export interface WorkerPoolOptions {
  workers: number;
  onEvent: (event: WorkerEvent) => void;
  onError: (error: unknown) => void;
  resourceLimits?: ResourceLimits;
}

const TIMED_OUT = Symbol('timed out');

/**
 * piscina workers running `worker.ts`, one task per worker at a time. At most `workers` tasks are handed to
 * piscina at once, so a task starts (almost) as soon as it is handed over and its time limit counts
 * execution, not queueing. A task over its limit is aborted: piscina terminates that worker and starts a
 * replacement; the other workers keep running.
 */
export class WorkerPool {
  readonly #piscina: Piscina<WorkerTask, WorkerReply>;
  readonly #channel: BroadcastChannel;
  readonly #gate: Limiter;
  #closing = false;

  constructor(options: WorkerPoolOptions) {
    const data: WorkerData = { broadcastChannel: `trellis-runtime-${randomUUID()}` };
    this.#channel = new BroadcastChannel(data.broadcastChannel);
    this.#channel.unref();
    this.#gate = new Limiter(options.workers);
    this.#piscina = new Piscina({
      filename: new URL('./worker.ts', import.meta.url).href,
      minThreads: options.workers,
      maxThreads: options.workers,
      concurrentTasksPerWorker: 1,
      // Workers must turn their event loop between tasks (eviction broadcasts); 'sync' would block them.
      atomics: 'async',
      workerData: data,
      resourceLimits: options.resourceLimits,
    });
    this.#piscina.on('message', (message: unknown) => {
      if (isWorkerEvent(message)) options.onEvent(message);
    });
    this.#piscina.on('error', options.onError);
  }

  /** Runs a task within `timeoutMs` of its start. Throws RuntimeError 'timeout', 'trap' (worker died) or 'stopped'. */
  async run(task: WorkerTask, timeoutMs: number): Promise<WorkerReply> {
    if (this.#closing) throw new RuntimeError('stopped', 'the component runtime is closed');
    await this.#gate.acquire();
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(TIMED_OUT), timeoutMs);
    try {
      return await this.#piscina.run(task, { signal: abort.signal });
    } catch (error) {
      if (abort.signal.aborted) {
        throw new RuntimeError('timeout', `execution exceeded ${timeoutMs} ms`, { cause: error });
      }
      if (this.#closing)
        throw new RuntimeError('stopped', 'the component runtime is closed', { cause: error });
      throw new RuntimeError('trap', `worker failed: ${error instanceof Error ? error.message : error}`, {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
      this.#gate.release();
    }
  }

  /** Delivered to every live worker (a worker started later has nothing to drop anyway). */
  broadcast(message: WorkerBroadcast): void {
    this.#channel.postMessage(message);
  }

  get threads(): number {
    return this.#piscina.threads.length;
  }

  async close(): Promise<void> {
    this.#closing = true;
    this.#channel.close();
    await this.#piscina.destroy();
  }
}
