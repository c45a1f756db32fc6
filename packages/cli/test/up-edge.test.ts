/**
 * `trellis up --edge` in the foreground: nats-server, a host and the edge under wrangler dev (real workerd);
 * the edge lists the host over HTTP with the admin token of `.dev.vars`; Ctrl-C (SIGINT) stops all three and
 * exits 0. `--edge` with `--detached` is a usage error.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDevVars } from '@trellis/edge/dev-vars';
import { freePorts } from '@trellis/infra/ports';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli, trellisBin } from './run-cli.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let dir: string;
let env: NodeJS.ProcessEnv;
let child: ChildProcess | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trellis-up-edge-'));
  env = {
    ...process.env,
    XDG_STATE_HOME: join(dir, 'state'),
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_CONFIG_HOME: join(dir, 'config'),
    TRELLIS_CONTEXT: '',
    TRELLIS_JSON: '',
  };
  delete env.TRELLIS_NATS_URL;
});

afterAll(async () => {
  if (child && child.exitCode === null && child.pid !== undefined) {
    child.kill('SIGINT');
    await new Promise((resolve) => child?.once('exit', resolve));
  }
  await rm(dir, { recursive: true, force: true });
});

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = tcpConnect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

it('--edge with --detached is a usage error', async () => {
  const r = await runCli(['up', '--edge', '--detached'], env);
  expect(r.code).toBe(2);
  expect(r.stderr.trim()).toBe('error: --edge runs in the foreground only; leave out --detached');
});

it('starts nats-server, a host and the edge; the edge answers; SIGINT stops all and exits 0', async () => {
  const [natsPort, wsPort, httpPort, edgePort] = (await freePorts(4)) as [number, number, number, number];
  const args = ['up', '--edge', '--nats-port', String(natsPort), '--ws-port', String(wsPort)];
  args.push('--http-port', String(httpPort), '--edge-port', String(edgePort));
  const started = spawn(trellisBin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child = started;
  let stdout = '';
  let stderr = '';
  started.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exit = new Promise<number | null>((resolve) => started.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    started.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('Press Ctrl-C to stop.')) resolve();
    });
    started.once('exit', (code) => reject(new Error(`trellis up exited ${code}: ${stdout}\n${stderr}`)));
  });
  const edgeUrl = `http://127.0.0.1:${edgePort}`;
  expect(stdout).toContain(`edge          ${edgeUrl}  (wrangler dev, pid `);
  const hostId = /^host {10}(N[A-Z0-9]{55}) /m.exec(stdout)?.[1];
  expect(hostId).toBeDefined();

  const vars = await readDevVars(root);
  const response = await fetch(`${edgeUrl}/v1/lattices/default/hosts`, {
    headers: { authorization: `Bearer ${vars?.token}` },
  });
  expect(response.status).toBe(200);
  expect(((await response.json()) as { id: string }[]).map((h) => h.id)).toEqual([hostId]);

  started.kill('SIGINT');
  expect(await exit).toBe(0);
  expect(await listening(edgePort)).toBe(false);
  expect(await listening(natsPort)).toBe(false);
});
