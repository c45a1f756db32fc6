/**
 * The `trellis` binary against a nats-server that requires nkey auth, with a real host on it: a user seed
 * (flag or TRELLIS_NATS_SEED) or a .creds file (flag or TRELLIS_NATS_CREDS) lets it list the host; without
 * credentials it exits 3 naming the server and the authorization failure.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser } from '@nats-io/nkeys';
import { Host } from '@trellis/host';
import { type NatsServer, startNatsServer } from '@trellis/infra/nats';
import { userCreds } from '@trellis/infra/nats-creds';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cliEnv, runCli } from './run-cli.ts';

const decoder = new TextDecoder();
let nats: NatsServer;
let host: Host;
let dir: string;
let cliSeed: string;
let credsFile: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trellis-cli-auth-'));
  const hostUser = createUser();
  const cliUser = createUser();
  const credsUser = userCreds(createUser());
  cliSeed = decoder.decode(cliUser.getSeed());
  credsFile = join(dir, 'cli.creds');
  await writeFile(credsFile, credsUser.creds, { mode: 0o600 });
  nats = await startNatsServer({
    authorization: {
      users: [
        { nkey: hostUser.getPublicKey() },
        { nkey: cliUser.getPublicKey() },
        { nkey: credsUser.publicKey },
      ],
    },
  });
  host = new Host({
    natsUrl: nats.url,
    natsSeed: decoder.decode(hostUser.getSeed()),
    workers: 1,
    cacheDir: join(dir, 'cache'),
  });
  await host.start();
  env = cliEnv(nats.url, dir, { TRELLIS_NATS_SEED: '', TRELLIS_NATS_CREDS: '' });
});

afterAll(async () => {
  await host?.stop().catch(() => {});
  await nats?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it.each([
  ['--nats-seed', () => ({ args: ['--nats-seed', cliSeed], vars: {} })],
  ['TRELLIS_NATS_SEED', () => ({ args: [], vars: { TRELLIS_NATS_SEED: cliSeed } })],
  ['--nats-creds', () => ({ args: ['--nats-creds', credsFile], vars: {} })],
  ['TRELLIS_NATS_CREDS', () => ({ args: [], vars: { TRELLIS_NATS_CREDS: credsFile } })],
])('with credentials by %s it lists the host', async (_how, given) => {
  const { args, vars } = given();
  const r = await runCli([...args, 'get', 'hosts', '--json'], { ...env, ...vars });
  expect(r).toMatchObject({ code: 0, stderr: '' });
  expect(JSON.parse(r.stdout).map((h: { id: string }) => h.id)).toEqual([host.id]);
});

it('without credentials it exits 3 with the authorization failure', async () => {
  const r = await runCli(['get', 'hosts'], env);
  expect(r.code).toBe(3);
  expect(r.stderr.trim()).toMatch(
    new RegExp(`^error: cannot connect to NATS at ${nats.url}: .*Authorization Violation`, 'i'),
  );
});
