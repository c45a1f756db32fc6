/**
 * A tiny Docker-style token service (the `realm` of a registry started with `auth: token`): checks Basic
 * credentials, then issues an ES256 JWT for the requested scope, signed with a key whose self-signed
 * certificate the registry trusts (`rootcertbundle`). The JWT names its key by `kid`, a libtrust key id.
 * Test infrastructure only: no refresh tokens, every listed action is granted to the one user.
 */
import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
  sign,
} from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { selfSignedCertificate } from './der.ts';

export interface TokenService {
  /** e.g. `http://127.0.0.1:PORT/token` */
  readonly realm: string;
  readonly service: string;
  readonly issuer: string;
  /** PEM of the certificate the registry must trust. */
  readonly certificate: string;
  /** How many tokens were issued (a test can see that the flow ran). */
  readonly issued: number;
  stop(): Promise<void>;
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** libtrust's key id: base32 of the first 240 bits of SHA-256 over the SPKI DER, in `:`-joined groups of 4. */
export function libtrustKeyId(publicKey: KeyObject): string {
  const digest = createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest()
    .subarray(0, 30);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const byte of digest) bits += byte.toString(2).padStart(8, '0');
  let text = '';
  for (let i = 0; i < bits.length; i += 5) text += alphabet[Number.parseInt(bits.slice(i, i + 5), 2)];
  return text.match(/.{4}/g)!.join(':');
}

export async function startTokenService(user: { username: string; password: string }): Promise<TokenService> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = libtrustKeyId(createPublicKey(privateKey));
  const service = 'trellis-test-registry';
  const issuer = 'trellis-test-token-service';
  const certificate = selfSignedCertificate(privateKey, issuer);
  const expected = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
  let issued = 0;

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.headers.authorization !== expected) {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] }));
      return;
    }
    const access = url.searchParams.getAll('scope').flatMap((scope) => {
      const [type, name, actions] = scope.split(':');
      return type && name && actions ? [{ type, name, actions: actions.split(',') }] : [];
    });
    const now = Math.floor(Date.now() / 1000);
    const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', kid }));
    const claims = base64url(
      JSON.stringify({
        iss: issuer,
        sub: user.username,
        aud: url.searchParams.get('service') ?? service,
        exp: now + 300,
        nbf: now - 10,
        iat: now,
        jti: randomUUID(),
        access,
      }),
    );
    const signature = sign('sha256', Buffer.from(`${header}.${claims}`), {
      key: privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    const token = `${header}.${claims}.${base64url(signature)}`;
    issued += 1;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    certificate,
    get issued() {
      return issued;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
