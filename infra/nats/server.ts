/**
 * Starts and stops a real nats-server (Debian's package) with infra/nats/nats.conf: client port, HTTP monitor,
 * JetStream and a websocket listener, all on loopback by default. `npm run dev` uses the fixed default ports;
 * tests call `startNatsServer()` with no ports and get free ones and a throw-away JetStream directory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForPort } from '../ports.ts';

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

function launch(env: NodeJS.ProcessEnv, verbose: boolean): ChildProcess {
  const child = spawn('nats-server', ['-c', natsConfigPath], {
    env: { ...process.env, ...env },
    stdio: ['ignore', verbose ? 'inherit' : 'ignore', verbose ? 'inherit' : 'pipe'],
  });
  return child;
}

async function started(child: ChildProcess, port: number, host: string): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error) =>
      reject(
        new NatsServerError(
          `could not run nats-server (${error.message}); install it with 'apt-get install nats-server'`,
        ),
      ),
    );
    child.once('exit', (code) =>
      reject(new NatsServerError(`nats-server exited with ${code}: ${stderr.trim()}`)),
    );
  });
  await Promise.race([waitForPort(port, host), exited]);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  const wsPort = options.wsPort ?? (await freePort(host));
  const httpPort = options.httpPort ?? (await freePort(host));
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
  let child = launch(env, verbose);
  await started(child, port, host).catch(async (error: unknown) => {
    await stopChild(child);
    if (tempStore) await rm(storeDir, { recursive: true, force: true });
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
      await stopChild(child);
      if (tempStore) await rm(storeDir, { recursive: true, force: true });
    },
    async restart() {
      await stopChild(child);
      child = launch(env, verbose);
      await started(child, port, host);
    },
    [Symbol.asyncDispose]() {
      return server.stop();
    },
  };
  return server;
}
