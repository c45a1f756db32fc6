/**
 * The host's own NATS connection: every server of a comma-separated `natsUrl`, authenticated by a `.creds`
 * file or else an nkey seed (neither: anonymous), reconnecting for as long as the host runs.
 */
import { readFile } from 'node:fs/promises';
import {
  type Authenticator,
  credsAuthenticator,
  type NatsConnection,
  nkeyAuthenticator,
} from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { HostError, messageOf } from './errors.ts';
import type { ResolvedOptions } from './options.ts';

/** Connects as `name`; a failure is `HostError('transport')` naming the URL. */
export async function connectHost(
  options: Pick<ResolvedOptions, 'natsUrl' | 'natsCreds' | 'natsSeed'>,
  name: string,
): Promise<NatsConnection> {
  let authenticator: Authenticator | undefined;
  if (options.natsCreds) authenticator = credsAuthenticator(await readFile(options.natsCreds));
  else if (options.natsSeed) authenticator = nkeyAuthenticator(new TextEncoder().encode(options.natsSeed));
  try {
    return await connect({
      servers: (options.natsUrl ?? '').split(','),
      name,
      maxReconnectAttempts: -1,
      ...(authenticator ? { authenticator } : {}),
    });
  } catch (cause) {
    throw new HostError('transport', `cannot connect to NATS at ${options.natsUrl}: ${messageOf(cause)}`, {
      cause,
    });
  }
}
