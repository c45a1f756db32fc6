/** `component_limits` of a scale command (string map, §1.4.1) -> numeric limits for the runtime. */
import { HostError } from '../errors.ts';
import type { ComponentLimits } from './ports.ts';

/**
 * `max_execution_time` is milliseconds, `max_memory_limit` is MiB (as wasmCloud 1.x reads them); unknown keys
 * are ignored. A value that is not a positive integer is `HostError('malformed')`.
 */
export function parseLimits(limits: Record<string, string> | undefined): ComponentLimits | undefined {
  if (!limits) return undefined;
  const out: ComponentLimits = {};
  const time = limits.max_execution_time;
  if (time !== undefined) out.maxExecutionTimeMs = positive(time, 'max_execution_time');
  const memory = limits.max_memory_limit;
  if (memory !== undefined) out.maxMemoryBytes = positive(memory, 'max_memory_limit') * 1024 * 1024;
  return out;
}

function positive(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) {
    throw new HostError('malformed', `component limit ${what} '${text}' must be a positive integer`);
  }
  return n;
}
