/**
 * A NATS `.creds` file for tests: a user JWT signed by an account nkey plus the user's seed, in the format
 * nats.js's `credsAuthenticator` and the `nats` CLI read. A server started with `authorization` nkey users
 * (not operator mode) checks the user's signature of its nonce and ignores the JWT; the JWT is still a
 * correctly signed v2 user claim.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createAccount, type KeyPair } from '@nats-io/nkeys';

export interface UserCreds {
  /** The `.creds` text. */
  creds: string;
  jwt: string;
  /** The user's public key (`U…`), what `authorization.users[].nkey` lists. */
  publicKey: string;
}

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

/** Creds for `user` (a `createUser()` key pair); `account` signs the JWT (a new one by default). */
export function userCreds(
  user: KeyPair,
  account: KeyPair = createAccount(),
  name = 'trellis-test',
): UserCreds {
  const publicKey = user.getPublicKey();
  const claims = {
    jti: createHash('sha256').update(randomUUID()).digest('hex').toUpperCase(),
    iat: Math.floor(Date.now() / 1000),
    iss: account.getPublicKey(),
    name,
    sub: publicKey,
    nats: { pub: {}, sub: {}, subs: -1, data: -1, payload: -1, type: 'user', version: 2 },
  };
  const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'ed25519-nkey' }));
  const body = b64url(JSON.stringify(claims));
  const jwt = `${head}.${body}.${b64url(account.sign(new TextEncoder().encode(`${head}.${body}`)))}`;
  const seed = new TextDecoder().decode(user.getSeed());
  const creds = [
    '-----BEGIN NATS USER JWT-----',
    jwt,
    '------END NATS USER JWT------',
    '',
    '************************* IMPORTANT *************************',
    'NKEY Seed printed below can be used to sign and prove identity.',
    'NKEYs are sensitive and should be treated as secrets.',
    '',
    '-----BEGIN USER NKEY SEED-----',
    seed,
    '------END USER NKEY SEED------',
    '',
    '*************************************************************',
    '',
  ].join('\n');
  return { creds, jwt, publicKey };
}
