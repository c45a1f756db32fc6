export { isRuntimeError, RuntimeError, type RuntimeErrorCode } from './errors.ts';
export { ComponentRuntime } from './runtime.ts';
export type {
  ComponentLimits,
  ComponentStats,
  DeploySpec,
  PreparedComponent,
  RuntimeOptions,
  RuntimeStats,
} from './types.ts';
