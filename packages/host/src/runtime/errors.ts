/**
 * Every failure the component runtime reports on purpose is a `RuntimeError`; callers branch on `code`.
 * For `handler_error` the message is exactly the string the component returned in `err(...)`.
 */
import { TrellisError } from '@trellis/protocol';

export type RuntimeErrorCode =
  /** The bytes are not a component jco can transpile. */
  | 'invalid_component'
  /** A deploy spec that cannot be applied (maxInstances below 1, a component not prepared by this runtime). */
  | 'invalid_spec'
  /** The component could not be instantiated (missing imports, a trap in its start function). */
  | 'instantiate_failed'
  /** No component with that id is deployed here. */
  | 'not_found'
  /** The component answered `err(message)`. */
  | 'handler_error'
  /** The component trapped (or its worker died under it); that instance was torn down. */
  | 'trap'
  /** The call ran past `maxExecutionTimeMs`; its worker was terminated and replaced. */
  | 'timeout'
  /** The instance's linear memory grew past `maxMemoryBytes`; the result was dropped and the instance torn down. */
  | 'memory_limit'
  /** The runtime is closed (or closing). */
  | 'stopped';

export class RuntimeError extends TrellisError<RuntimeErrorCode> {
  override readonly name = 'RuntimeError';
}

export function isRuntimeError(error: unknown, code?: RuntimeErrorCode): error is RuntimeError {
  return error instanceof RuntimeError && (code === undefined || error.code === code);
}
