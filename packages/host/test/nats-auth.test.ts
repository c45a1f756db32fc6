/**
 * `trellis-host` against a nats-server that requires authentication (nkey users): with a user seed or a .creds
 * file (flag or variable) it joins the lattice and answers ping; without credentials, or with a seed the server
 * does not know, it exits non-zero with a clear error on stderr.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createUser, type KeyPair } from '@nats-io/nkeys';
import { nkeyAuthenticator } from '@nats-io/transport-node';
import { type NatsServer, startNatsServer } from '@trellis/infra/nats';
import { userCreds } from '@trellis/infra/nats-creds';
import { ctlV1Subjects } from '@trellis/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LatticeProbe } from './helpers.ts';

const bin = fileURLToPath(new URL('../bin/trellis-host', import.meta.url));
const lattice = 'authtest';
const ctl = ctlV1Subjects(lattice);
const decoder = new TextDecoder();
let nats: NatsServer;
let probe: LatticeProbe;
let hostUser: KeyPair;
let credsFile: string;
let dir: string;
const children: ChildProcess[] = [];

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
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await probe?.close();
  await nats?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Launched {
  child: ChildProcess;
  /** The host id from the first stdout line; rejects if the process exits first. */
  hostId: Promise<string>;
  exit: Promise<number | null>;
  stderr: () => string;
}

function launch(args: string[], env: Record<string, string> = {}): Launched {
  const child = spawn(bin, ['--lattice', lattice, '--workers', '1', ...args], {
    env: { ...process.env, TRELLIS_NATS_URL: nats.url, TRELLIS_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const hostId = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(JSON.parse(line).host_id);
    });
    child.once('exit', () => reject(new Error(`trellis-host exited early: ${err}`)));
  });
  hostId.catch(() => {});
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, hostId, exit, stderr: () => err };
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
