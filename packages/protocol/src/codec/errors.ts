import type { z } from 'zod';
import { ProtocolError } from '../errors.ts';

/** Renders a zod issue path the way a reader looks it up: `components[0].id`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** A `malformed` ProtocolError naming the first offending field, with the zod error as `cause`. */
export function malformedFromZod(what: string, error: z.ZodError): ProtocolError {
  const issue = error.issues[0];
  const where = issue ? formatPath(issue.path) : '(root)';
  const detail = issue ? issue.message : 'invalid';
  return new ProtocolError('malformed', `${what}: ${where}: ${detail}`, { cause: error });
}
