/**
 * The `trellis-host` executable: --help, joining a lattice, heartbeats on the configured interval, and a
 * graceful stop (host_stopped, exit 0) on a ctl host.stop and on SIGTERM.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type NatsServer, startNatsServer } from '@trellis/infra/nats';
import { ctlV1Subjects } from '@trellis/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LatticeProbe } from './helpers.ts';

const bin = fileURLToPath(new URL('../bin/trellis-host', import.meta.url));
const lattice = 'exe';
const ctl = ctlV1Subjects(lattice);
let nats: NatsServer;
let probe: LatticeProbe;
const children: ChildProcess[] = [];

beforeAll(async () => {
  nats = await startNatsServer();
  probe = await LatticeProbe.connect(nats.url, lattice);
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await probe?.close();
  await nats?.stop();
});

function launch(): { child: ChildProcess; hostId: Promise<string>; exit: Promise<number | null> } {
  const child = spawn(
    bin,
    ['--lattice', lattice, '--heartbeat', '300ms', '--workers', '1', '-l', 'exe=yes'],
    {
      env: { ...process.env, TRELLIS_NATS_URL: nats.url, TRELLIS_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  const hostId = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(JSON.parse(line).host_id);
    });
    child.once('exit', () => reject(new Error(`trellis-host exited early: ${out}`)));
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, hostId, exit };
}

it('--help prints usage and exits 0', async () => {
  const { stdout } = await promisify(execFile)(bin, ['--help']);
  expect(stdout).toContain('Usage: trellis-host [options]');
  expect(stdout).toContain('TRELLIS_NATS_URL');
});

it('joins, heartbeats with the inventory, and stops on ctl host.stop with exit 0', async () => {
  const mark = probe.mark;
  const { hostId, exit } = launch();
  const id = await hostId;
  const started = await probe.waitFor('host_started', () => true, mark);
  expect(started.source).toBe(id);
  const beat = await probe.waitFor('host_heartbeat', () => true, mark);
  expect(beat.source).toBe(id);
  expect(Object.keys(beat.data)).toEqual([
    'components',
    'friendly_name',
    'host_id',
    'labels',
    'providers',
    'uptime_human',
    'uptime_seconds',
    'version',
  ]);
  expect(beat.data).toMatchObject({ host_id: id, components: [], providers: [], labels: { exe: 'yes' } });
  expect(await probe.request(ctl.hostStop(id), { host_id: id })).toBe(
    '{"success":true,"message":"successfully handled stop host"}',
  );
  const stopped = await probe.waitFor(
    'host_stopped',
    (d) => (d.labels as Record<string, string>).exe === 'yes',
    mark,
  );
  expect(stopped.source).toBe(id);
  expect(await exit).toBe(0);
});

it('stops gracefully on SIGTERM', async () => {
  const mark = probe.mark;
  const { child, hostId, exit } = launch();
  const id = await hostId;
  await probe.waitFor('host_started', () => true, mark);
  child.kill('SIGTERM');
  expect(await exit).toBe(0);
  const stopped = await probe.waitFor('host_stopped', () => true, mark);
  expect(stopped.source).toBe(id);
});
