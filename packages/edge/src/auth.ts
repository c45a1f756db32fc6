/**
 * Bearer-token middleware: every route it guards needs `Authorization: Bearer <token>` with a token from
 * `TRELLIS_TOKENS`. Reads (GET, HEAD; the event stream) need scope `read`, everything else `admin`.
 * Missing or unknown token: 401; a read token on a write: 403. Browsers cannot set headers on `EventSource`
 * or `WebSocket`, so the event stream (and only it) also takes the token as `?access_token=`.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.ts';
import { EdgeError } from './errors.ts';
import { allows, type Scope, scopeOf } from './tokens.ts';

/** The scope a request needs. */
export function requiredScope(method: string): Scope {
  return method === 'GET' || method === 'HEAD' ? 'read' : 'admin';
}

function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}

/** `?access_token=` on `GET …/events` only. */
function queryToken(method: string, url: string): string | undefined {
  const parsed = new URL(url);
  if (method !== 'GET' || !parsed.pathname.endsWith('/events')) return undefined;
  return parsed.searchParams.get('access_token') ?? undefined;
}

export function bearerAuth(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const presented = bearerToken(c.req.header('authorization')) ?? queryToken(c.req.method, c.req.url);
    if (presented === undefined) {
      throw new EdgeError('unauthorized', 'missing bearer token (Authorization: Bearer <token>)');
    }
    const tokens = c.get('settings').tokens;
    if (tokens.length === 0)
      throw new EdgeError('misconfigured', 'TRELLIS_TOKENS is empty: no token can be accepted');
    const scope = await scopeOf(tokens, presented);
    if (scope === undefined) throw new EdgeError('unauthorized', 'unknown bearer token');
    const need = requiredScope(c.req.method);
    if (!allows(scope, need)) throw new EdgeError('forbidden', `this needs a token with scope '${need}'`);
    c.set('scope', scope);
    await next();
  };
}
