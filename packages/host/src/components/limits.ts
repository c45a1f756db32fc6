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

const LIMIT_KEYS = ['max_memory_limit', 'max_execution_time'] as const;
const U64_MAX = 2n ** 64n - 1n;

/**
 * The limits a component keeps and its inventory shows, as 1.9.2 round-trips them (`from_string_map` then
 * `to_string_map`): only the two known keys whose value reads as an unsigned integer, written canonically;
 * other keys and unreadable values are dropped. `undefined` (no limits, `null` on the wire) when none given.
 */
export function limitsMap(limits: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!limits) return undefined;
  const out: Record<string, string> = {};
  for (const key of LIMIT_KEYS) {
    const text = limits[key];
    if (text === undefined || !/^\+?[0-9]+$/.test(text)) continue;
    const value = BigInt(text.replace('+', ''));
    if (value <= U64_MAX) out[key] = value.toString();
  }
  return out;
}

function positive(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) {
    throw new HostError('malformed', `component limit ${what} '${text}' must be a positive integer`);
  }
  return n;
}
