/**
 * Local development: `trellis host` (runs `trellis-host`), `trellis up` (nats-server + a host) and
 * `trellis down`. `up` uses @trellis/infra (the repo's one nats.conf and its start/stop/readiness code) rather
 * than a copy of it; infra is installed in every checkout of the workspace, which is where `up` is meant to run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect as tcpConnect } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type LatticeEvent } from '@trellis/client';
import { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { action, example, type RunState } from '../kit.ts';
import { openNats } from '../session.ts';
import type { Settings } from '../settings.ts';

/** The `trellis-host` executable of @trellis/host. */
export const hostExecutable = fileURLToPath(
  new URL('../../node_modules/@trellis/host/bin/trellis-host', import.meta.url),
);

/** The environment a host started by the CLI gets: the CLI's connection settings as `TRELLIS_*`. */
function hostEnv(settings: Settings, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  env.TRELLIS_NATS_URL = settings.natsUrl;
  env.TRELLIS_LATTICE = settings.lattice;
  if (settings.natsCreds) env.TRELLIS_NATS_CREDS = settings.natsCreds;
  if (settings.natsSeed) env.TRELLIS_NATS_SEED = settings.natsSeed;
  if (settings.ctlPrefix) env.TRELLIS_CTL_PREFIX = settings.ctlPrefix;
  return env;
}

function stateDir(): string {
  return join(process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'trellis');
}
function dataDir(): string {
  return join(process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'trellis');
}
const stateFile = () => join(stateDir(), 'up.json');

interface UpState {
  nats_url: string;
  lattice: string;
  nats_pid?: number;
  host_pid: number;
  host_id?: string;
  logs: string;
}

function portOpen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Whether `pid` is alive and its command line mentions `needle` (guards against PID reuse). */
function isOurs(pid: number, needle: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle);
  } catch {
    return true;
  }
}

async function terminate(pid: number, needle: string, graceMs = 10_000): Promise<boolean> {
  if (!isOurs(pid, needle)) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isOurs(pid, needle)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (isOurs(pid, needle)) process.kill(pid, 'SIGKILL');
  return true;
}

function waitExit(child: ChildProcess): Promise<number> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

export function hostCommand(state: RunState): Command {
  return example(
    new Command('host')
      .description('start a host (runs trellis-host; other arguments go to it, see `trellis host -- --help`)')
      .argument('[args...]', 'arguments for trellis-host')
      .allowUnknownOption()
      .allowExcessArguments()
      .action(
        action(state, async ({ settings }, ...args) => {
          const child = spawn(hostExecutable, args, { stdio: 'inherit', env: hostEnv(settings) });
          const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
          process.on('SIGINT', forward('SIGINT'));
          process.on('SIGTERM', forward('SIGTERM'));
          const code = await new Promise<number>((resolve, reject) => {
            child.once('error', (e) =>
              reject(new CliError('failed', `cannot run ${hostExecutable}: ${e.message}`)),
            );
            child.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
          });
          process.exitCode = code;
        }),
      ),
    'trellis host --label zone=local',
    'trellis host --lattice prod -- --heartbeat 10s',
  );
}

/** Waits for the first `host_started` on the lattice (subscribed before the host is spawned). */
async function startHostAndWait(settings: Settings, spawnHost: () => ChildProcess, timeoutMs: number) {
  const nc = await openNats(settings);
  try {
    const client = createClient(nc, {
      lattice: settings.lattice,
      ...(settings.ctlPrefix ? { topicPrefix: settings.ctlPrefix } : {}),
    });
    const started = client.waitFor('host_started', () => true, { timeoutMs });
    started.catch(() => {});
    await nc.flush();
    const child = spawnHost();
    const exited = waitExit(child).then((code) => {
      throw new CliError('failed', `the host exited with code ${code} before it started`);
    });
    const event = (await Promise.race([started, exited])) as LatticeEvent;
    return { child, event };
  } finally {
    await nc.close().catch(() => {});
  }
}

/**
 * The edge under `wrangler dev` (`startEdgeDev` of @trellis/edge, repo only, like @trellis/infra), with the
 * repo's `.dev.vars` created when missing; the CLI's NATS seed, if any, becomes the edge's NATS_CREDS.
 */
async function startEdge(settings: Settings, natsWsUrl: string, host: string, port: number) {
  const [dev, devVars] = await Promise.all([
    import('@trellis/edge/dev'),
    import('@trellis/edge/dev-vars'),
  ]).catch((cause: unknown) => {
    throw new CliError(
      'failed',
      `cannot load @trellis/edge (run \`trellis up --edge\` from the Trellis repo): ${(cause as Error).message}`,
    );
  });
  const root = fileURLToPath(new URL('../../../../', import.meta.url));
  await devVars.ensureDevVars(root);
  const edge = await dev
    .startEdgeDev({
      natsWsUrl,
      host,
      port,
      root,
      ...(settings.natsSeed ? { vars: { NATS_CREDS: settings.natsSeed } } : {}),
    })
    .catch((cause: unknown) => {
      throw new CliError('failed', `the edge did not start: ${(cause as Error).message}`, { cause });
    });
  return { ...edge, devVars: join(root, '.dev.vars') };
}

export function upCommand(state: RunState): Command {
  return example(
    new Command('up')
      .description('start a local lattice: nats-server (unless one already listens) and a host')
      .option('--nats-port <port>', 'client port of the nats-server to start', '4222')
      .option('--ws-port <port>', 'websocket port', '4223')
      .option('--http-port <port>', 'monitoring port', '8222')
      .option('-d, --detached', 'run in the background; stop with `trellis down`')
      .option('--edge', 'also run the HTTP edge under wrangler dev (foreground only; from the Trellis repo)')
      .option('--edge-port <port>', 'port of the edge', '8787')
      .option('-l, --label <key=value>', 'host label (repeatable)', (v: string, p: string[] = []) => [
        ...p,
        v,
      ])
      .action(
        action(state, async ({ settings, out, opts }) => {
          const port = Number(opts.natsPort);
          const host = '127.0.0.1';
          const natsUrl =
            opts.natsUrl === undefined && !process.env.TRELLIS_NATS_URL
              ? `nats://${host}:${port}`
              : settings.natsUrl;
          const run: Settings = { ...settings, natsUrl };
          const detached = Boolean(opts.detached);
          if (detached && opts.edge) {
            throw new CliError('usage', '--edge runs in the foreground only; leave out --detached');
          }
          if (detached && existsSync(stateFile())) {
            throw new CliError(
              'usage',
              `a detached lattice is already up (${stateFile()}); run \`trellis down\` first`,
            );
          }
          const logs = join(stateDir(), 'logs');
          await mkdir(logs, { recursive: true });
          const storeDir = join(dataDir(), 'nats');
          await mkdir(storeDir, { recursive: true });
          const stops: Array<() => Promise<void>> = [];
          let natsPid: number | undefined;
          const url = new URL(natsUrl);
          if (await portOpen(Number(url.port || 4222), url.hostname)) {
            out.line(`nats-server   already running at ${natsUrl}; using it`);
          } else {
            const infra = await import('@trellis/infra/nats').catch((cause: unknown) => {
              throw new CliError(
                'failed',
                `cannot load @trellis/infra (run \`trellis up\` from the Trellis repo): ${(cause as Error).message}`,
              );
            });
            if (detached) {
              const log = openSync(join(logs, 'nats-server.log'), 'a');
              const child = spawn('nats-server', ['-c', infra.natsConfigPath], {
                detached: true,
                stdio: ['ignore', log, log],
                env: {
                  ...process.env,
                  TRELLIS_NATS_HOST: host,
                  TRELLIS_NATS_PORT: String(port),
                  TRELLIS_NATS_WS_PORT: String(opts.wsPort),
                  TRELLIS_NATS_HTTP: `${host}:${opts.httpPort}`,
                  TRELLIS_NATS_STORE: storeDir,
                },
              });
              child.unref();
              natsPid = child.pid;
              const { waitForPort } = await import('@trellis/infra/ports');
              await waitForPort(port, host);
            } else {
              const nats = await infra.startNatsServer({
                host,
                port,
                wsPort: Number(opts.wsPort),
                httpPort: Number(opts.httpPort),
                storeDir,
              });
              stops.push(() => nats.stop());
              natsPid = nats.pid;
            }
            out.line(`nats-server   ${natsUrl}  (websocket ws://${host}:${opts.wsPort}, pid ${natsPid})`);
          }
          const labels = ((opts.label as string[] | undefined) ?? []).flatMap((l) => ['--label', l]);
          try {
            const { child, event } = await startHostAndWait(
              run,
              () => {
                if (!detached)
                  return spawn(hostExecutable, labels, {
                    stdio: ['ignore', 'ignore', 'inherit'],
                    env: hostEnv(run),
                  });
                const log = openSync(join(logs, 'host.log'), 'a');
                const c = spawn(hostExecutable, labels, {
                  detached: true,
                  stdio: ['ignore', log, log],
                  env: hostEnv(run),
                });
                c.unref();
                return c;
              },
              60_000,
            );
            stops.unshift(async () => {
              child.kill('SIGTERM');
              await waitExit(child);
            });
            const edge = opts.edge
              ? await startEdge(run, `ws://${host}:${opts.wsPort}`, host, Number(opts.edgePort))
              : undefined;
            if (edge) {
              stops.unshift(edge.stop);
              out.line(
                `edge          ${edge.url}  (wrangler dev, pid ${edge.pid}; admin token in ${edge.devVars})`,
              );
            }
            out.result(
              {
                nats_url: natsUrl,
                lattice: run.lattice,
                host_id: event.source,
                host_pid: child.pid,
                nats_pid: natsPid,
                detached,
                ...(edge ? { edge_url: edge.url, edge_pid: edge.pid } : {}),
              },
              () =>
                `host          ${event.source}  (${String(event.data.friendly_name ?? '')}, pid ${child.pid})\n\n` +
                `Try:  trellis get hosts${natsUrl === 'nats://127.0.0.1:4222' ? '' : ` --nats-url ${natsUrl}`}\n` +
                (detached ? `Stop: trellis down   (logs in ${logs})` : 'Press Ctrl-C to stop.'),
            );
            if (detached) {
              const upState: UpState = {
                nats_url: natsUrl,
                lattice: run.lattice,
                host_pid: child.pid ?? -1,
                host_id: event.source,
                logs,
              };
              if (natsPid !== undefined) upState.nats_pid = natsPid;
              await mkdir(stateDir(), { recursive: true });
              await writeFile(stateFile(), `${JSON.stringify(upState, null, 2)}\n`);
              return;
            }
            await new Promise<void>((resolve) => {
              process.once('SIGINT', () => resolve());
              process.once('SIGTERM', () => resolve());
              child.once('exit', () => resolve());
            });
            out.line('stopping…');
          } catch (error) {
            if (detached && natsPid !== undefined) await terminate(natsPid, 'nats-server');
            throw error;
          } finally {
            if (!detached) for (const stop of stops) await stop().catch(() => {});
          }
        }),
      ),
    'trellis up',
    'trellis up --edge --edge-port 8787',
    'trellis up --detached && trellis get hosts && trellis down',
  );
}

export function downCommand(state: RunState): Command {
  return example(
    new Command('down')
      .description('stop what `trellis up --detached` started (the host, then nats-server)')
      .action(
        action(state, async ({ out }) => {
          let up: UpState;
          try {
            up = JSON.parse(await readFile(stateFile(), 'utf8')) as UpState;
          } catch {
            out.result({ stopped: [] }, () => 'nothing to stop (no detached `trellis up` is running)');
            return;
          }
          const stopped: string[] = [];
          if (await terminate(up.host_pid, 'host')) stopped.push(`host (pid ${up.host_pid})`);
          if (up.nats_pid !== undefined && (await terminate(up.nats_pid, 'nats-server'))) {
            stopped.push(`nats-server (pid ${up.nats_pid})`);
          }
          await rm(stateFile(), { force: true });
          out.result({ stopped }, () =>
            stopped.length ? `stopped ${stopped.join(', ')}` : 'nothing was running',
          );
        }),
      ),
    'trellis down',
  );
}
