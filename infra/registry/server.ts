/**
 * Starts and stops a real OCI distribution registry (Debian's `docker-registry`, distribution 2.8) on a free
 * loopback port with a generated config and a temp storage directory. With `auth`, it asks for credentials:
 * `mode: 'basic'` (default) writes a bcrypt htpasswd file; `mode: 'token'` also starts a small token service
 * (./token-service.ts) as the registry's Bearer realm, so clients go through the full token flow.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { freePort } from '../ports.ts';
import { stopProcess, untilListening } from '../process.ts';
import { startTokenService, type TokenService } from './token-service.ts';

export interface RegistryServerOptions {
  /** Require these credentials; without it the registry is anonymous (read and write). */
  auth?: { username: string; password: string; mode?: 'basic' | 'token' };
  /** Address to bind. Default 127.0.0.1. */
  host?: string;
  /** Port; default: a free one. */
  port?: number;
  /** Echo the registry's log to stderr. */
  verbose?: boolean;
}

export interface RegistryServer {
  /** `http://host:port` */
  readonly url: string;
  /** `host:port`, what references start with: `${host}/echo:0.1.0`. */
  readonly host: string;
  readonly port: number;
  readonly storageDir: string;
  readonly pid: number;
  /** The token service when `auth.mode` is `token`. */
  readonly tokenService: TokenService | undefined;
  /** Stops the registry (SIGTERM, then SIGKILL after 5 s), its token service, and removes the storage. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export class RegistryServerError extends Error {
  override readonly name = 'RegistryServerError';
}

function authSection(
  dir: string,
  auth: RegistryServerOptions['auth'],
  tokens: TokenService | undefined,
): string {
  if (!auth) return '';
  if (tokens) {
    return [
      'auth:',
      '  token:',
      `    realm: ${tokens.realm}`,
      `    service: ${tokens.service}`,
      `    issuer: ${tokens.issuer}`,
      `    rootcertbundle: ${join(dir, 'token-root.pem')}`,
    ].join('\n');
  }
  return ['auth:', '  htpasswd:', '    realm: trellis', `    path: ${join(dir, 'htpasswd')}`].join('\n');
}

export async function startRegistry(options: RegistryServerOptions = {}): Promise<RegistryServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  const dir = await mkdtemp(join(tmpdir(), 'trellis-registry-'));
  const auth = options.auth;
  let tokens: TokenService | undefined;
  let child: ChildProcess | undefined;
  const cleanup = async () => {
    if (child) await stopProcess(child);
    await tokens?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if (auth?.mode === 'token') {
      tokens = await startTokenService(auth);
      await writeFile(join(dir, 'token-root.pem'), tokens.certificate);
    } else if (auth) {
      await writeFile(join(dir, 'htpasswd'), `${auth.username}:${bcrypt.hashSync(auth.password, 6)}\n`);
    }
    const config = [
      'version: 0.1',
      'log:',
      `  level: ${options.verbose ? 'info' : 'error'}`,
      '  accesslog:',
      `    disabled: ${!options.verbose}`,
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      'http:',
      `  addr: ${host}:${port}`,
      `  secret: ${randomUUID()}`,
      authSection(dir, auth, tokens),
      '',
    ].join('\n');
    const configPath = join(dir, 'config.yml');
    await writeFile(configPath, config);
    const spawned = spawn('docker-registry', ['serve', configPath], {
      stdio: ['ignore', options.verbose ? 'inherit' : 'ignore', options.verbose ? 'inherit' : 'pipe'],
    });
    child = spawned;
    await untilListening(spawned, {
      name: 'docker-registry',
      port,
      host,
      fail: (message) => new RegistryServerError(message),
    });
  } catch (error) {
    await cleanup();
    throw error;
  }
  let stopped = false;
  const running = child;
  const server: RegistryServer = {
    url: `http://${host}:${port}`,
    host: `${host}:${port}`,
    port,
    storageDir: join(dir, 'data'),
    pid: running.pid ?? -1,
    tokenService: tokens,
    async stop() {
      if (stopped) return;
      stopped = true;
      await cleanup();
    },
    [Symbol.asyncDispose]() {
      return server.stop();
    },
  };
  return server;
}
