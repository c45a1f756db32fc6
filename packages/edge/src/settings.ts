/**
 * The edge's settings, read once per request from the Worker's bindings (vars and secrets are strings).
 * Defaults are merged here and nowhere else; a malformed number falls back to its default.
 */
import { type ApiToken, parseTokens } from './tokens.ts';

/** The string bindings the edge reads (a subset of the generated `Env`). */
export interface EdgeBindings {
  NATS_WS_URL?: string;
  NATS_CREDS?: string;
  TRELLIS_TOKENS?: string;
  TRELLIS_SIGNING_SEED?: string;
  CORS_ORIGINS?: string;
  MAX_BODY_BYTES?: string;
  CLIENT_BUFFER_BYTES?: string;
  SSE_KEEPALIVE_SECONDS?: string;
  REQUEST_TIMEOUT_MS?: string;
  AUCTION_TIMEOUT_MS?: string;
}

export interface EdgeSettings {
  natsWsUrl: string;
  /** nkey seed or creds text; empty when the server needs no credentials. */
  natsCreds: string;
  tokens: ApiToken[];
  signingSeed: string;
  /** Allowed CORS origins; empty means CORS is off. */
  corsOrigins: string[];
  maxBodyBytes: number;
  clientBufferBytes: number;
  keepaliveMs: number;
  requestTimeoutMs: number;
  auctionTimeoutMs: number;
}

export const DEFAULTS = Object.freeze({
  natsWsUrl: 'ws://127.0.0.1:4223',
  maxBodyBytes: 1024 * 1024,
  clientBufferBytes: 1024 * 1024,
  keepaliveMs: 15_000,
  requestTimeoutMs: 2000,
  auctionTimeoutMs: 3000,
});

/** Longest `?timeout_ms=` a caller may ask for (a Worker request should not hang around for minutes). */
export const MAX_TIMEOUT_MS = 60_000;

function positive(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return text !== undefined && text.trim() !== '' && Number.isFinite(value) && value > 0 ? value : fallback;
}

export function readSettings(env: EdgeBindings): EdgeSettings {
  return {
    natsWsUrl: env.NATS_WS_URL?.trim() || DEFAULTS.natsWsUrl,
    natsCreds: env.NATS_CREDS?.trim() ?? '',
    tokens: parseTokens(env.TRELLIS_TOKENS ?? ''),
    signingSeed: env.TRELLIS_SIGNING_SEED?.trim() ?? '',
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter((o) => o !== ''),
    maxBodyBytes: positive(env.MAX_BODY_BYTES, DEFAULTS.maxBodyBytes),
    clientBufferBytes: positive(env.CLIENT_BUFFER_BYTES, DEFAULTS.clientBufferBytes),
    keepaliveMs: positive(env.SSE_KEEPALIVE_SECONDS, DEFAULTS.keepaliveMs / 1000) * 1000,
    requestTimeoutMs: positive(env.REQUEST_TIMEOUT_MS, DEFAULTS.requestTimeoutMs),
    auctionTimeoutMs: positive(env.AUCTION_TIMEOUT_MS, DEFAULTS.auctionTimeoutMs),
  };
}
