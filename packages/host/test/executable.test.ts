/**
 * The `trellis-host` executable: --help, joining a lattice, heartbeats on the configured interval, and a
 * graceful stop (host_stopped, exit 0) on a ctl host.stop and on SIGTERM.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type NatsServer, startNatsServer } from '@trellis/infra/nats';
import { ctlV1Subjects } from '@trellis/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HostProcesses, hostBin, LatticeProbe, type LaunchedHost } from './helpers.ts';

const lattice = 'exe';
const ctl = ctlV1Subjects(lattice);
let nats: NatsServer;
let probe: LatticeProbe;
let hosts: HostProcesses;

beforeAll(async () => {
  nats = await startNatsServer();
  probe = await LatticeProbe.connect(nats.url, lattice);
  hosts = new HostProcesses(nats.url);
});

afterAll(async () => {
  hosts?.killAll();
  await probe?.close();
  await nats?.stop();
});

function launch(): LaunchedHost {
  return hosts.launch(['--lattice', lattice, '--heartbeat', '300ms', '--workers', '1', '-l', 'exe=yes']);
}

it('--help prints usage and exits 0', async () => {
  const { stdout } = await promisify(execFile)(hostBin, ['--help']);
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
