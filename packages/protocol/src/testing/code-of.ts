/** For tests: which `ProtocolError` a call throws. */
import { isProtocolError, type ProtocolErrorCode } from '../errors.ts';

/** The `code` of the `ProtocolError` that `run` throws; `undefined` when it returns. Other errors propagate. */
export function codeOf(run: () => unknown): ProtocolErrorCode | undefined {
  try {
    run();
  } catch (error) {
    if (isProtocolError(error)) return error.code;
    throw error;
  }
  return undefined;
}
