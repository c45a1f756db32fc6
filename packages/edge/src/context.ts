/**
 * What every route shares: the hono environment type, the per-request control client (a fresh NATS connection,
 * closed before the response leaves), and the OpenAPI error responses.
 */

import { createClient, type LatticeClient } from '@trellis/client';
import type { Context } from 'hono';
import { withNats } from './nats.ts';
import { ErrorResult } from './schemas.ts';
import type { EdgeSettings } from './settings.ts';
import type { Scope } from './tokens.ts';

export interface AppEnv {
  Bindings: Env;
  Variables: { settings: EdgeSettings; scope: Scope };
}

export type AppContext = Context<AppEnv>;

export interface ClientCallOptions {
  /** Request timeout (and collection window) asked for with `?timeout_ms=`. */
  timeoutMs?: number | undefined;
}

/** Runs `fn` with a control client for `lattice` on a connection opened for this request only. */
export function withClient<T>(
  c: AppContext,
  lattice: string,
  fn: (client: LatticeClient) => Promise<T>,
  options: ClientCallOptions = {},
): Promise<T> {
  const settings = c.get('settings');
  return withNats({ url: settings.natsWsUrl, creds: settings.natsCreds }, (nc) =>
    fn(
      createClient(nc, {
        lattice,
        timeoutMs: options.timeoutMs ?? settings.requestTimeoutMs,
        auctionTimeoutMs: options.timeoutMs ?? settings.auctionTimeoutMs,
      }),
    ),
  );
}

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorResult } },
});

/** The error answers every authenticated route can give. */
export const commonErrors = {
  400: error('invalid request: `error.field` names the bad field'),
  401: error('missing or unknown bearer token'),
  403: error('the token has the read scope; this needs admin'),
  502: error('NATS failed while the request was in flight'),
  503: error('NATS unreachable, or nobody subscribes to the subject (no such host)'),
  504: error('no reply within the timeout'),
} as const;

/** Errors of commands a host can refuse. */
export const commandErrors = {
  ...commonErrors,
  409: error("the host refused: `error.message` is the host's message"),
  413: error('request body over the size limit'),
  422: error('with wait=true: the outcome event reported a failure'),
} as const;

export const json = <T>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A required JSON request body validated by `schema` (the OpenAPI request-body shape). */
export const jsonBody = <T>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true as const,
});
