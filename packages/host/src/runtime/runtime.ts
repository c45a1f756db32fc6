import { mkdir, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { type Logger, silentLogger } from '../log.ts';
import { RuntimeError } from './errors.ts';
import { Limiter } from './limiter.ts';
import type { ComponentCode, WorkerEvent, WorkerReply, WorkerTask } from './messages.ts';
import { WorkerPool } from './pool.ts';
import { sha256Hex, transpileCached } from './transpile-cache.ts';
import type {
  ComponentLimits,
  DeploySpec,
  PreparedComponent,
  RuntimeOptions,
  RuntimeStats,
} from './types.ts';

const DEFAULT_MAX_EXECUTION_TIME_MS = 10_000;

interface Deployment {
  componentId: string;
  generation: number;
  code: ComponentCode;
  config: Record<string, string>;
  limits: Required<Pick<ComponentLimits, 'maxExecutionTimeMs'>> & ComponentLimits;
  /** Bounds concurrent calls to `maxInstances`; holds the queue of the excess. */
  slots: Limiter;
}

/**
 * Runs WebAssembly components for the host: `prepare` turns bytes into a transpiled, compiled component
 * (once per content hash), `deploy` starts, rescales or live-updates one under an id, `call` invokes its
 * `trellis:lattice/handler` export in a worker thread. Components are isolated from each other: a trap, a
 * runaway loop or a memory overrun costs only that call (and that instance, or that worker).
 */
export class ComponentRuntime {
  readonly #options: Required<Pick<RuntimeOptions, 'workers' | 'cacheDir' | 'defaultMaxExecutionTimeMs'>> &
    RuntimeOptions;
  readonly #logger: Logger;
  readonly #codes = new Map<string, Promise<ComponentCode & { exports: string[] }>>();
  readonly #deployments = new Map<string, Deployment>();
  #pool: WorkerPool | undefined;
  #generation = 0;
  #transpiles = 0;
  #cacheHits = 0;
  #closing: Promise<void> | undefined;

  constructor(options: RuntimeOptions) {
    this.#options = {
      workers: availableParallelism(),
      defaultMaxExecutionTimeMs: DEFAULT_MAX_EXECUTION_TIME_MS,
      ...options,
    };
    this.#logger = options.logger ?? silentLogger;
  }

  /** Starts the worker threads. */
  async start(): Promise<void> {
    if (this.#pool) return;
    await mkdir(this.#options.cacheDir, { recursive: true });
    this.#pool = new WorkerPool({
      workers: this.#options.workers,
      resourceLimits: this.#options.workerResourceLimits,
      onEvent: (event) => this.#onEvent(event),
      onError: (error) => this.#logger.error('component worker failed', { error }),
    });
  }

  /**
   * Transpiles the component with jco (at most once per content hash: the output is kept under `cacheDir`)
   * and compiles its core modules (once per runtime). Throws RuntimeError 'invalid_component'.
   */
  async prepare(bytes: Uint8Array): Promise<PreparedComponent> {
    const digest = sha256Hex(bytes);
    let code = this.#codes.get(digest);
    if (code) {
      this.#cacheHits++;
    } else {
      code = this.#load(bytes);
      this.#codes.set(digest, code);
      code.catch(() => this.#codes.delete(digest));
    }
    const { imports, exports } = await code;
    return { digest, imports, exports };
  }

  async #load(bytes: Uint8Array): Promise<ComponentCode & { exports: string[] }> {
    let transpiled: Awaited<ReturnType<typeof transpileCached>>;
    try {
      transpiled = await transpileCached(bytes, join(this.#options.cacheDir, 'transpiled'));
    } catch (error) {
      throw new RuntimeError('invalid_component', `not a component jco can transpile: ${messageOf(error)}`, {
        cause: error,
      });
    }
    if (transpiled.transpiled) this.#transpiles++;
    else this.#cacheHits++;
    const modules: Record<string, WebAssembly.Module> = {};
    for (const name of transpiled.coreModules) {
      modules[name] = await WebAssembly.compile(await readFile(join(transpiled.dir, name)));
    }
    return {
      digest: transpiled.digest,
      moduleUrl: transpiled.moduleUrl,
      modules,
      imports: transpiled.imports,
      exports: transpiled.exports,
    };
  }

  /**
   * Starts `componentId`, or rescales / reconfigures / live-updates it. New code is instantiated once in a
   * worker before it takes traffic (RuntimeError 'instantiate_failed' leaves the running version in place);
   * then new calls use it while in-flight calls finish on the old instances. No call is dropped.
   */
  async deploy(spec: DeploySpec): Promise<void> {
    const pool = this.#running();
    if (!Number.isInteger(spec.maxInstances) || spec.maxInstances < 1) {
      throw new RuntimeError(
        'invalid_spec',
        `maxInstances must be a positive integer, got ${spec.maxInstances}`,
      );
    }
    const code = await this.#codes.get(spec.component.digest);
    if (!code) {
      throw new RuntimeError(
        'invalid_spec',
        `component ${spec.component.digest} was not prepared by this runtime`,
      );
    }
    const existing = this.#deployments.get(spec.componentId);
    const config = { ...(spec.config ?? existing?.config ?? {}) };
    const limits = {
      maxExecutionTimeMs: spec.limits?.maxExecutionTimeMs ?? this.#options.defaultMaxExecutionTimeMs,
      maxMemoryBytes: spec.limits?.maxMemoryBytes,
    };
    const sameCode = existing?.code.digest === code.digest;
    const generation = sameCode && existing ? existing.generation : ++this.#generation;
    if (!sameCode) {
      let reply: WorkerReply;
      try {
        reply = await pool.run(
          {
            kind: 'warm',
            componentId: spec.componentId,
            generation,
            code,
            config,
            maxMemoryBytes: limits.maxMemoryBytes,
          },
          limits.maxExecutionTimeMs,
        );
      } catch (error) {
        throw new RuntimeError(
          'instantiate_failed',
          `instantiating ${spec.componentId}: ${messageOf(error)}`,
          {
            cause: error,
          },
        );
      }
      if (reply.kind !== 'ok') {
        throw new RuntimeError(
          'instantiate_failed',
          `instantiating ${spec.componentId}: ${(reply as { message: string }).message}`,
        );
      }
    }
    this.#running();
    const current = this.#deployments.get(spec.componentId);
    if (current) {
      const previous = current.generation;
      current.code = code;
      current.generation = generation;
      current.config = config;
      current.limits = limits;
      current.slots.setLimit(spec.maxInstances);
      if (previous !== generation)
        pool.broadcast({ kind: 'evict', componentId: spec.componentId, upTo: previous });
    } else {
      this.#deployments.set(spec.componentId, {
        componentId: spec.componentId,
        generation,
        code,
        config,
        limits,
        slots: new Limiter(spec.maxInstances),
      });
    }
  }

  /** The values `wasi:config/runtime` returns on calls that start after this. */
  setConfig(componentId: string, config: Record<string, string>): void {
    const deployment = this.#deployments.get(componentId);
    if (!deployment) throw new RuntimeError('not_found', `component ${componentId} is not running here`);
    deployment.config = { ...config };
  }

  /**
   * Calls `handle(operation, payload)` of the component. Throws RuntimeError 'not_found', 'handler_error'
   * (message = the component's err string), 'trap', 'timeout', 'memory_limit', 'instantiate_failed' or
   * 'stopped'.
   */
  async call(componentId: string, operation: string, payload: Uint8Array): Promise<Uint8Array> {
    const pool = this.#running();
    const deployment = this.#deployments.get(componentId);
    if (!deployment) throw new RuntimeError('not_found', `component ${componentId} is not running here`);
    await deployment.slots.acquire();
    try {
      // Read at dispatch, not at arrival: a call queued across a live update runs the new code.
      const { code, generation, config, limits } = deployment;
      const task = (withModules: boolean): WorkerTask => ({
        kind: 'call',
        componentId,
        generation,
        code: withModules ? code : { ...code, modules: undefined },
        config,
        maxMemoryBytes: limits.maxMemoryBytes,
        operation,
        payload,
      });
      let reply = await pool.run(task(false), limits.maxExecutionTimeMs);
      if (reply.kind === 'need-code') reply = await pool.run(task(true), limits.maxExecutionTimeMs);
      return unwrap(componentId, reply);
    } finally {
      deployment.slots.release();
    }
  }

  /** Stops taking calls for `componentId`, waits for the accepted ones, then drops its instances. */
  async remove(componentId: string): Promise<void> {
    const deployment = this.#deployments.get(componentId);
    if (!deployment) return;
    this.#deployments.delete(componentId);
    await deployment.slots.drained();
    this.#pool?.broadcast({ kind: 'evict', componentId, upTo: deployment.generation });
  }

  has(componentId: string): boolean {
    return this.#deployments.has(componentId);
  }

  stats(): RuntimeStats {
    return {
      workers: this.#options.workers,
      transpiles: this.#transpiles,
      cacheHits: this.#cacheHits,
      components: [...this.#deployments.values()].map((d) => ({
        componentId: d.componentId,
        digest: d.code.digest,
        maxInstances: d.slots.limit,
        running: d.slots.active,
        queued: d.slots.queued,
      })),
    };
  }

  /** Refuses new calls ('stopped'), lets accepted ones finish, stops the workers. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await Promise.all([...this.#deployments.values()].map((d) => d.slots.drained()));
      this.#deployments.clear();
      await this.#pool?.close();
    })();
    return this.#closing;
  }

  #running(): WorkerPool {
    if (this.#closing) throw new RuntimeError('stopped', 'the component runtime is closed');
    if (!this.#pool) throw new RuntimeError('stopped', 'the component runtime is not started');
    return this.#pool;
  }

  #onEvent(event: WorkerEvent): void {
    const fields = { componentId: event.componentId, context: event.context };
    switch (event.level) {
      case 'critical':
        this.#logger.error(event.message, { ...fields, critical: true });
        break;
      default:
        this.#logger[event.level](event.message, fields);
    }
  }
}

function unwrap(componentId: string, reply: WorkerReply): Uint8Array {
  switch (reply.kind) {
    case 'ok':
      return reply.payload;
    case 'handler-error':
      return fail('handler_error', reply.message);
    case 'trap':
      return fail('trap', `component ${componentId} trapped: ${reply.message}`);
    case 'memory-limit':
      return fail('memory_limit', `component ${componentId}: ${reply.message}`);
    case 'instantiate-failed':
      return fail('instantiate_failed', `instantiating ${componentId}: ${reply.message}`);
    case 'need-code':
      return fail('instantiate_failed', `instantiating ${componentId}: the worker lost its compiled code`);
  }
}

function fail(code: RuntimeError['code'], message: string): never {
  throw new RuntimeError(code, message);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
