/**
 * Opens the NATS connection a command needs (the client library opens none) and closes it afterwards.
 */
import { readFile } from 'node:fs/promises';
import { connect, credsAuthenticator, type NatsConnection, nkeyAuthenticator } from '@nats-io/transport-node';
import { createClient, type LatticeClient } from '@trellis/client';
import { CliError } from './cli-error.ts';
import type { Settings } from './settings.ts';

export async function openNats(settings: Settings): Promise<NatsConnection> {
  const authenticator = settings.natsCreds
    ? credsAuthenticator(await readCreds(settings.natsCreds))
    : settings.natsSeed
      ? nkeyAuthenticator(new TextEncoder().encode(settings.natsSeed))
      : undefined;
  try {
    return await connect({
      servers: settings.natsUrl,
      name: 'trellis-cli',
      reconnect: false,
      timeout: Math.max(settings.timeoutMs, 1000),
      ...(authenticator ? { authenticator } : {}),
    });
  } catch (cause) {
    throw new CliError('unreachable', `cannot connect to NATS at ${settings.natsUrl}: ${describe(cause)}`, {
      cause,
    });
  }
}

async function readCreds(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (cause) {
    throw new CliError('usage', `cannot read NATS credentials ${file}: ${(cause as Error).message}`, {
      cause,
    });
  }
}

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused (is nats-server running? try `trellis up`)';
  return e.message ?? String(error);
}

/** Runs `fn` with a client on a fresh connection, always closing the connection. */
export async function withClient<T>(
  settings: Settings,
  fn: (client: LatticeClient) => Promise<T>,
): Promise<T> {
  const nc = await openNats(settings);
  try {
    const client = createClient(nc, {
      lattice: settings.lattice,
      timeoutMs: settings.timeoutMs,
      auctionTimeoutMs: settings.timeoutMs,
      ...(settings.ctlPrefix ? { topicPrefix: settings.ctlPrefix } : {}),
    });
    return await fn(client);
  } finally {
    await nc.close().catch(() => {});
  }
}
