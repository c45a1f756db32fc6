/**
 * Bearer-token middleware: every route it guards needs `Authorization: Bearer <token>` with a token from
 * `TRELLIS_TOKENS`. Reads (GET, HEAD; the event stream) need scope `read`, everything else `admin`.
 * Missing or unknown token: 401; a read token on a write: 403.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.ts';
import { EdgeError } from './errors.ts';
import { allows, type Scope, scopeOf } from './tokens.ts';

/** The scope a request needs. */
export function requiredScope(method: string): Scope {
  return method === 'GET' || method === 'HEAD' ? 'read' : 'admin';
}

export function bearerAuth(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match === null)
      throw new EdgeError('unauthorized', 'missing bearer token (Authorization: Bearer <token>)');
    const tokens = c.get('settings').tokens;
    if (tokens.length === 0)
      throw new EdgeError('misconfigured', 'TRELLIS_TOKENS is empty: no token can be accepted');
    const scope = await scopeOf(tokens, match[1] as string);
    if (scope === undefined) throw new EdgeError('unauthorized', 'unknown bearer token');
    const need = requiredScope(c.req.method);
    if (!allows(scope, need)) throw new EdgeError('forbidden', `this needs a token with scope '${need}'`);
    c.set('scope', scope);
    await next();
  };
}
