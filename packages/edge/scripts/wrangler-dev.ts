/**
 * Runs the edge under `wrangler dev` (real workerd, fully offline: metrics, update checks and the banner off,
 * wrangler's config kept under `.data/xdg`). `startEdgeDev` resolves once the Worker answers `/healthz`;
 * `stop()` ends wrangler and workerd (the whole process group) by PID.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { assertPortsFree } from '@trellis/infra/ports';
import { stopProcess } from '@trellis/infra/process';

export interface EdgeDevOptions {
  /** The NATS websocket URL the Worker connects to, e.g. `ws://127.0.0.1:4223`. */
  natsWsUrl: string;
  /** Default 8787. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Repository root (where wrangler.toml is). Default: two levels above packages/edge. */
  root?: string;
  /** Extra `--var NAME:value` bindings (override wrangler.toml and .dev.vars). */
  vars?: Record<string, string>;
  /** Durable Object state directory (`--persist-to`). Default: wrangler's `.wrangler/state`. */
  persistTo?: string;
  /** Give up waiting for the Worker after this long. Default 60 s. */
  readyTimeoutMs?: number;
  /** Echo wrangler's output. */
  verbose?: boolean;
}

export interface EdgeDev {
  /** `http://host:port` */
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const defaultRoot = join(import.meta.dirname, '..', '..', '..');

/** The environment wrangler runs with: no network calls of its own, config kept inside the repo. */
export function wranglerEnv(root: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    WRANGLER_HIDE_BANNER: 'true',
    WRANGLER_LOG: process.env.WRANGLER_LOG ?? 'warn',
    XDG_CONFIG_HOME: join(root, '.data', 'xdg'),
    NO_UPDATE_NOTIFIER: '1',
  };
}

async function waitReady(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}: ${log()}`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) });
      await response.body?.cancel();
      if (response.status === 200 || response.status === 503) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`wrangler dev did not answer on ${url} within ${timeoutMs} ms: ${log()}`);
}

/** Starts `wrangler dev` for the edge on `host:port` and waits until it serves. */
export async function startEdgeDev(options: EdgeDevOptions): Promise<EdgeDev> {
  const root = options.root ?? defaultRoot;
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8787;
  // Otherwise a server already on the port would answer the readiness probe in wrangler's place.
  await assertPortsFree({ 'edge (wrangler dev)': port }, host);
  const vars = { NATS_WS_URL: options.natsWsUrl, ...options.vars };
  const args = [
    'dev',
    '--ip',
    host,
    '--port',
    String(port),
    '--show-interactive-dev-session=false',
    '--inspector-port',
    '0',
    ...(options.persistTo === undefined ? [] : ['--persist-to', options.persistTo]),
    ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
  ];
  const child = spawn(join(root, 'node_modules', '.bin', 'wrangler'), args, {
    cwd: root,
    env: wranglerEnv(root),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
    if (options.verbose) process.stderr.write(chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const url = `http://${host}:${port}`;
  try {
    await waitReady(url, child, options.readyTimeoutMs ?? 60_000, () => output.trim());
  } catch (error) {
    await stopProcess(child, { group: true });
    throw error;
  }
  return { url, pid: child.pid ?? -1, stop: () => stopProcess(child, { group: true }) };
}
