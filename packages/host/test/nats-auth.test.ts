/**
 * `trellis-host` against a nats-server that requires authentication (nkey users): with a user seed or a .creds
 * file (flag or variable) it joins the lattice and answers ping; without credentials, or with a seed the server
 * does not know, it exits non-zero with a clear error on stderr.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser, type KeyPair } from '@nats-io/nkeys';
import { nkeyAuthenticator } from '@nats-io/transport-node';
import { type NatsServer, startNatsServer } from '@trellis/infra/nats';
import { userCreds } from '@trellis/infra/nats-creds';
import { ctlV1Subjects } from '@trellis/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostProcesses, LatticeProbe, type LaunchedHost } from './helpers.ts';

const lattice = 'authtest';
const ctl = ctlV1Subjects(lattice);
const decoder = new TextDecoder();
let nats: NatsServer;
let probe: LatticeProbe;
let hostUser: KeyPair;
let credsFile: string;
let dir: string;
let hosts: HostProcesses;

beforeAll(async () => {
  hostUser = createUser();
  const probeUser = createUser();
  const credsUser = userCreds(createUser());
  dir = await mkdtemp(join(tmpdir(), 'trellis-nats-auth-'));
  credsFile = join(dir, 'host.creds');
  await writeFile(credsFile, credsUser.creds, { mode: 0o600 });
  nats = await startNatsServer({
    authorization: {
      users: [hostUser, probeUser]
        .map((u) => ({ nkey: u.getPublicKey() }))
        .concat({ nkey: credsUser.publicKey }),
    },
  });
  probe = await LatticeProbe.connect(nats.url, lattice, {
    authenticator: nkeyAuthenticator(probeUser.getSeed()),
  });
  hosts = new HostProcesses(nats.url);
});

afterAll(async () => {
  hosts?.killAll();
  await probe?.close();
  await nats?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function launch(args: string[], env: Record<string, string> = {}): LaunchedHost {
  return hosts.launch(['--lattice', lattice, '--workers', '1', ...args], env);
}

async function pingIds(): Promise<string[]> {
  // An empty reply is the server's no-responders status, not a host.
  const replies = (await probe.gather(ctl.hostPing(), '', 500)).filter((r) => r !== '');
  return replies.map((r) => (JSON.parse(r) as { response: { id: string } }).response.id);
}

describe('a nats-server that requires nkey auth', () => {
  it.each([
    ['--nats-seed', (seed: string) => ({ args: ['--nats-seed', seed], env: {} })],
    ['TRELLIS_NATS_SEED', (seed: string) => ({ args: [], env: { TRELLIS_NATS_SEED: seed } })],
    ['--nats-creds', () => ({ args: ['--nats-creds', credsFile], env: {} })],
    ['TRELLIS_NATS_CREDS', () => ({ args: [], env: { TRELLIS_NATS_CREDS: credsFile } })],
  ])('a host given credentials by %s joins and answers ping', async (_how, given) => {
    const { args, env } = given(decoder.decode(hostUser.getSeed()));
    const mark = probe.mark;
    const { child, hostId, exit } = launch(args, env);
    const id = await hostId;
    expect((await probe.waitFor('host_started', () => true, mark)).source).toBe(id);
    expect(await pingIds()).toEqual([id]);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    await probe.waitFor('host_stopped', () => true, mark);
  });

  it.each([
    ['no credentials', [] as string[]],
    ['an unknown user seed', ['--nats-seed', decoder.decode(createUser().getSeed())]],
  ])('a host with %s exits non-zero with a clear error', async (_what, args) => {
    const { hostId, exit, stderr } = launch(args);
    await expect(hostId).rejects.toThrow(/exited early/);
    expect(await exit).not.toBe(0);
    expect(stderr()).toMatch(
      /^trellis-host: cannot connect to NATS at nats:\/\/127\.0\.0\.1:\d+: .*Authorization Violation/m,
    );
    expect(await pingIds()).toEqual([]);
  });
});
