import { ProtocolError } from './errors.ts';

// A subject token: non-empty, no '.', '*', '>' or whitespace (they are NATS subject syntax).
const FORBIDDEN = /[.*>\s]/u;

/**
 * Checks that `value` can be used as one NATS subject token (a lattice name, host id, component id, config
 * name...). Throws `ProtocolError('invalid_id')` naming `what` and the offending character otherwise.
 */
export function assertToken(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ProtocolError('invalid_id', `${what} must be a non-empty string`);
  }
  const bad = FORBIDDEN.exec(value);
  if (bad) {
    const shown = /\s/u.test(bad[0]) ? 'whitespace' : `'${bad[0]}'`;
    throw new ProtocolError('invalid_id', `${what} '${value}' must not contain ${shown}`);
  }
}

/** A topic prefix such as the default ctl prefix: dot-separated tokens, each valid on its own. */
export function assertPrefix(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ProtocolError('invalid_id', `${what} must be a non-empty string`);
  }
  for (const token of value.split('.')) assertToken(token, `${what} '${value}': token`);
}

export function isToken(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && !FORBIDDEN.test(value);
}
