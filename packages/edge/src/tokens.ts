/**
 * API tokens and their scopes. `TRELLIS_TOKENS` is a comma-separated list of `scope:token` (scope `read` or
 * `admin`), e.g. `read:abc,admin:xyz`. Tokens are compared in constant time: both sides are hashed with SHA-256
 * and the digests compared byte by byte without an early exit, so neither length nor content leaks by timing.
 */

export type Scope = 'read' | 'admin';

export interface ApiToken {
  scope: Scope;
  token: string;
}

/** Parses `scope:token,…`; entries with an unknown scope or an empty token are skipped. */
export function parseTokens(text: string): ApiToken[] {
  const tokens: ApiToken[] = [];
  for (const entry of text.split(',')) {
    const at = entry.indexOf(':');
    if (at < 0) continue;
    const scope = entry.slice(0, at).trim();
    const token = entry.slice(at + 1).trim();
    if ((scope === 'read' || scope === 'admin') && token !== '') tokens.push({ scope, token });
  }
  return tokens;
}

const encoder = new TextEncoder();

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/** True when `a` equals `b`; the time taken does not depend on where they differ. */
export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([digest(a), digest(b)]);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= (x[i] as number) ^ (y[i] as number);
  return diff === 0;
}

/**
 * The scope of `presented`, or `undefined` when it matches no token. Every configured token is compared
 * (no early exit), and when a token is listed under both scopes the wider one wins.
 */
export async function scopeOf(tokens: readonly ApiToken[], presented: string): Promise<Scope | undefined> {
  let scope: Scope | undefined;
  for (const candidate of tokens) {
    if ((await constantTimeEqual(candidate.token, presented)) && scope !== 'admin') scope = candidate.scope;
  }
  return scope;
}

/** Whether a token of scope `have` may do what needs scope `need`. */
export function allows(have: Scope, need: Scope): boolean {
  return have === 'admin' || need === 'read';
}
