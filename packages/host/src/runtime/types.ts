import type { ResourceLimits } from 'node:worker_threads';
import type { Logger } from '../log.ts';

export interface RuntimeOptions {
  /** Worker threads running components; default `os.availableParallelism()`. */
  workers?: number;
  /** Where transpiled components are kept (by content hash), shared across restarts. */
  cacheDir: string;
  /** Component `wasi:logging` lines and runtime warnings; default silent. */
  logger?: Logger;
  /** V8 heap limits of each worker (JS heap only: wasm linear memory is checked per component instead). */
  workerResourceLimits?: ResourceLimits;
  /** `maxExecutionTimeMs` for deploys that give none; default 10 s. */
  defaultMaxExecutionTimeMs?: number;
}

/** A component transpiled and compiled by this runtime, ready to deploy under any number of ids. */
export interface PreparedComponent {
  /** sha256 of the component bytes, hex. */
  readonly digest: string;
  /** Imported WIT interfaces, without versions (`wasi:config/runtime`). */
  readonly imports: string[];
  /** Exported WIT interfaces and functions (`trellis:lattice/handler@0.1.0`). */
  readonly exports: string[];
}

export interface ComponentLimits {
  /** A call running longer is stopped and answered with `timeout`. */
  maxExecutionTimeMs?: number;
  /** Linear memory ceiling of one instance, checked after instantiation and after each call. */
  maxMemoryBytes?: number;
}

export interface DeploySpec {
  componentId: string;
  component: PreparedComponent;
  /** Concurrent invocations of this component on this host; excess calls queue. At least 1. */
  maxInstances: number;
  /** Replaces the config; omitted keeps the current one (empty for a new component). */
  config?: Record<string, string>;
  /** Replaces the limits; omitted means the defaults. */
  limits?: ComponentLimits;
}

export interface ComponentStats {
  componentId: string;
  digest: string;
  maxInstances: number;
  /** Calls running now. */
  running: number;
  /** Calls waiting for one of the `maxInstances` slots. */
  queued: number;
}

export interface RuntimeStats {
  workers: number;
  /** Times jco ran since start (cache misses). */
  transpiles: number;
  /** prepare() calls answered from the disk or memory cache. */
  cacheHits: number;
  components: ComponentStats[];
}
