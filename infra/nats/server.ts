/**
 * Starts and stops a real nats-server (Debian's package) with infra/nats/nats.conf: client port, HTTP monitor,
 * JetStream and a websocket listener, all on loopback by default. `npm run dev` uses the fixed default ports;
 * tests call `startNatsServer()` with no ports and get free ones and a throw-away JetStream directory.
 * With `authorization`, a per-run config includes nats.conf (still the one source of the listeners) and adds
 * an `authorization` block, so clients must authenticate (nkey or user/password).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertPortsFree, freePorts, waitForPort } from '../ports.ts';
import { stopProcess, untilListening } from '../process.ts';

export const natsConfigPath = fileURLToPath(new URL('./nats.conf', import.meta.url));

export interface NatsServerOptions {
  /** Address every listener binds to. Default 127.0.0.1. */
  host?: string;
  /** Client port; default: a free port. */
  port?: number;
  /** Websocket port; default: a free port. */
  wsPort?: number;
  /** HTTP monitoring port; default: a free port. */
  httpPort?: number;
  /** JetStream store directory; default: a new temp directory removed on stop. */
  storeDir?: string;
  /** Echo the server's log to stderr. */
  verbose?: boolean;
  /** Require authentication: only these users (an nkey `U…` public key, or user and password) may connect. */
  authorization?: NatsAuthorization;
}

export type NatsUser = { nkey: string } | { user: string; password: string };

export interface NatsAuthorization {
  users: NatsUser[];
}

export interface NatsServer {
  /** `nats://host:port` */
  readonly url: string;
  /** `ws://host:wsPort` */
  readonly wsUrl: string;
  /** `http://host:httpPort` */
  readonly monitorUrl: string;
  readonly port: number;
  readonly wsPort: number;
  readonly httpPort: number;
  readonly storeDir: string;
  readonly pid: number;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes a temp store. Safe to call twice. */
  stop(): Promise<void>;
  /** Stops and starts the server on the same ports and store (for reconnection tests). */
  restart(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export class NatsServerError extends Error {
  override readonly name = 'NatsServerError';
}

/**
 * Writes `nats-auth.conf` into `dir`: nats.conf by `include` (the parser resolves includes relative to the
 * including file, so the path is relative) plus the `authorization` block (JSON is valid config syntax).
 */
async function writeAuthConfig(dir: string, authorization: NatsAuthorization): Promise<string> {
  const path = join(dir, 'nats-auth.conf');
  const include = relative(dirname(path), natsConfigPath);
  const users = authorization.users.map((u) =>
    'nkey' in u ? { nkey: u.nkey } : { user: u.user, password: u.password },
  );
  await writeFile(path, `include ${JSON.stringify(include)}\nauthorization: ${JSON.stringify({ users })}\n`);
  return path;
}

function launch(configPath: string, env: NodeJS.ProcessEnv, verbose: boolean): ChildProcess {
  const child = spawn('nats-server', ['-c', configPath], {
    env: { ...process.env, ...env },
    stdio: ['ignore', verbose ? 'inherit' : 'ignore', verbose ? 'inherit' : 'pipe'],
  });
  return child;
}

async function started(child: ChildProcess, port: number, host: string): Promise<void> {
  await untilListening(child, {
    name: 'nats-server',
    port,
    host,
    fail: (message) => new NatsServerError(message),
  });
}

export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServer> {
  const host = options.host ?? '127.0.0.1';
  const chosen = options.port !== undefined && options.wsPort !== undefined && options.httpPort !== undefined;
  for (let attempt = 1; ; attempt++) {
    const [port, wsPort, httpPort] = await freePorts(3, host);
    try {
      return await startOnce({
        ...options,
        host,
        port: options.port ?? (port as number),
        wsPort: options.wsPort ?? (wsPort as number),
        httpPort: options.httpPort ?? (httpPort as number),
      });
    } catch (error) {
      // Another process may take a probed free port before nats-server binds it: probe again (tests run
      // several files at once). Ports the caller chose are never swapped.
      if (chosen || attempt >= 3 || !/already in use/.test(String(error))) throw error;
    }
  }
}

async function startOnce(
  options: NatsServerOptions & { host: string; port: number; wsPort: number; httpPort: number },
): Promise<NatsServer> {
  const { host, port, wsPort, httpPort } = options;
  await assertPortsFree(
    { 'NATS client': port, 'NATS websocket': wsPort, 'NATS monitoring': httpPort },
    host,
  ).catch((cause: Error) => {
    throw new NatsServerError(cause.message, { cause });
  });
  const tempStore = options.storeDir === undefined;
  const storeDir = options.storeDir ?? (await mkdtemp(join(tmpdir(), 'trellis-nats-')));
  const env = {
    TRELLIS_NATS_HOST: host,
    TRELLIS_NATS_PORT: String(port),
    TRELLIS_NATS_WS_PORT: String(wsPort),
    TRELLIS_NATS_HTTP: `${host}:${httpPort}`,
    TRELLIS_NATS_STORE: storeDir,
  };
  const verbose = options.verbose ?? false;
  const configDir = options.authorization ? await mkdtemp(join(tmpdir(), 'trellis-nats-conf-')) : undefined;
  const removeTemp = async () => {
    if (tempStore) await rm(storeDir, { recursive: true, force: true });
    if (configDir) await rm(configDir, { recursive: true, force: true });
  };
  const configPath =
    configDir && options.authorization
      ? await writeAuthConfig(configDir, options.authorization)
      : natsConfigPath;
  let child = launch(configPath, env, verbose);
  await started(child, port, host).catch(async (error: unknown) => {
    await stopProcess(child);
    await removeTemp();
    throw error;
  });
  await waitForPort(wsPort, host);
  let stopped = false;
  const server: NatsServer = {
    url: `nats://${host}:${port}`,
    wsUrl: `ws://${host}:${wsPort}`,
    monitorUrl: `http://${host}:${httpPort}`,
    port,
    wsPort,
    httpPort,
    storeDir,
    get pid() {
      return child.pid ?? -1;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopProcess(child);
      await removeTemp();
    },
    async restart() {
      await stopProcess(child);
      child = launch(configPath, env, verbose);
      await started(child, port, host);
    },
    [Symbol.asyncDispose]() {
      return server.stop();
    },
  };
  return server;
}
