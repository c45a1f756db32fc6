/**
 * NATS from the Worker: `wsconnect` of `@nats-io/nats-core` (no nodejs_compat needed). A stateless route opens
 * a connection per request and closes it before answering (workerd forbids I/O across requests: a connection in
 * module scope hangs). Credentials are an nkey seed (`SU…`) or the text of a `.creds` file, signed with nkeys.js.
 */
import {
  type Authenticator,
  credsAuthenticator,
  type NatsConnection,
  nkeyAuthenticator,
  wsconnect,
} from '@nats-io/nats-core';
import { fromSeed } from '@nats-io/nkeys';
import { EdgeError } from './errors.ts';

const encoder = new TextEncoder();

/** The authenticator for `creds` (nkey seed or creds file text), or `undefined` when it is empty. */
export function authenticatorFor(creds: string): Authenticator | undefined {
  const text = creds.trim();
  if (text === '') return undefined;
  if (text.includes('-----BEGIN NATS USER JWT-----')) return credsAuthenticator(encoder.encode(text));
  try {
    fromSeed(encoder.encode(text));
  } catch (error) {
    throw new EdgeError('misconfigured', 'NATS_CREDS is neither an nkey seed nor a creds file', {
      cause: error,
    });
  }
  return nkeyAuthenticator(encoder.encode(text));
}

export interface ConnectOptions {
  url: string;
  creds: string;
  /** Reconnect forever (the Durable Object's kept connection); off for per-request connections. */
  reconnect?: boolean;
  /** Connect timeout in milliseconds. */
  timeoutMs?: number;
  name?: string;
}

/** Opens a websocket NATS connection; a failure to reach the server throws `EdgeError('nats_unavailable')`. */
export async function connectNats(options: ConnectOptions): Promise<NatsConnection> {
  const reconnect = options.reconnect ?? false;
  try {
    return await wsconnect({
      servers: options.url,
      authenticator: authenticatorFor(options.creds),
      name: options.name ?? 'trellis-edge',
      timeout: options.timeoutMs ?? 5000,
      reconnect,
      maxReconnectAttempts: reconnect ? -1 : 0,
      reconnectTimeWait: 1000,
      waitOnFirstConnect: false,
    });
  } catch (error) {
    if (error instanceof EdgeError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new EdgeError('nats_unavailable', `cannot reach NATS at ${options.url}: ${reason}`, {
      cause: error,
    });
  }
}

/** Closes `nc`, giving up after `timeoutMs` so a wedged socket never holds the response. */
export async function closeQuietly(nc: NatsConnection, timeoutMs = 1000): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    nc.close().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  if (timer !== undefined) clearTimeout(timer);
}

/** Runs `fn` with a fresh connection and always closes it afterwards. */
export async function withNats<T>(
  options: ConnectOptions,
  fn: (nc: NatsConnection) => Promise<T>,
): Promise<T> {
  const nc = await connectNats(options);
  try {
    return await fn(nc);
  } finally {
    await closeQuietly(nc);
  }
}
