/**
 * The `trellis` binary with a real registry (Debian's docker-registry) and a real host: push and pull the
 * same bytes (anonymous and with --user/--password or TRELLIS_REGISTRY_* against basic auth), then scale the
 * pushed reference onto the host and call it; the host can pull from the locked registry only after
 * `trellis registry put`.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHandlerComponent } from '@trellis/components';
import { Host } from '@trellis/host';
import { type NatsServer, startNatsServer } from '@trellis/infra/nats';
import { type RegistryServer, startRegistry } from '@trellis/infra/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli } from './run-cli.ts';

const auth = { username: 'pusher', password: 'p4ss-word' };
let nats: NatsServer;
let open: RegistryServer;
let locked: RegistryServer;
let host: Host;
let dir: string;
let wasm: string;
let bytes: Uint8Array;
let env: NodeJS.ProcessEnv;
const trellis = (...args: string[]) => runCli(args, env);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trellis-cli-oci-'));
  bytes = await buildHandlerComponent();
  wasm = join(dir, 'handler.wasm');
  await writeFile(wasm, bytes);
  [nats, open, locked] = await Promise.all([startNatsServer(), startRegistry(), startRegistry({ auth })]);
  host = new Host({ natsUrl: nats.url, workers: 1, cacheDir: join(dir, 'cache') });
  await host.start();
  env = cliEnv(nats.url, dir, { TRELLIS_REGISTRY_USER: '', TRELLIS_REGISTRY_PASSWORD: '' });
});

afterAll(async () => {
  await host?.stop().catch(() => {});
  await Promise.all([nats?.stop(), open?.stop(), locked?.stop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('push, pull, scale and call', () => {
  it('an anonymous registry: push, pull the same bytes, scale the reference and call it', async () => {
    const ref = `${open.host}/trellis/hello:0.1.0`;
    const pushed = await trellis('push', ref, wasm, '--json');
    expect(pushed).toMatchObject({ code: 0, stderr: '' });
    const result = JSON.parse(pushed.stdout);
    expect(result).toMatchObject({
      reference: ref,
      pinned: `${open.host}/trellis/hello@${result.manifestDigest}`,
    });

    const out = join(dir, 'pulled-open.wasm');
    const pulled = await trellis('pull', ref, '-o', out);
    expect(pulled.code).toBe(0);
    expect(pulled.stdout.trim()).toMatch(
      new RegExp(`^Pulled ${ref} to ${out} \\(${bytes.length} bytes, sha256:[0-9a-f]{64}\\)$`),
    );
    expect(new Uint8Array(await readFile(out))).toEqual(bytes);

    const scaled = await trellis('scale', 'component', host.id, ref, 'oci-hello');
    expect(scaled).toMatchObject({
      code: 0,
      stdout: `Scaled oci-hello to 1 instance(s) on host ${host.id}\n`,
    });
    expect(await trellis('call', 'oci-hello', 'upper', 'from the registry')).toMatchObject({
      code: 0,
      stdout: 'FROM THE REGISTRY',
    });
  });

  it('a basic-auth registry: credentials by flag or variable; the host pulls after `trellis registry put`', async () => {
    const ref = `${locked.host}/trellis/hello:0.2.0`;
    const refused = await trellis('push', ref, wasm);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: cannot push .*(unauthori[sz]ed|401)/im);

    const pushed = await trellis('push', ref, wasm, '--user', auth.username, '--password', auth.password);
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toContain(`Pushed ${ref}`);

    expect((await trellis('pull', ref, '-o', join(dir, 'nope.wasm'))).code).toBe(1);
    const out = join(dir, 'pulled-locked.wasm');
    const pulled = await runCli(['pull', ref, '-o', out], {
      ...env,
      TRELLIS_REGISTRY_USER: auth.username,
      TRELLIS_REGISTRY_PASSWORD: auth.password,
    });
    expect(pulled.code).toBe(0);
    expect(new Uint8Array(await readFile(out))).toEqual(bytes);

    const before = await trellis('scale', 'component', host.id, ref, 'locked-hello');
    expect(before.code).toBe(1);
    expect(before.stderr).toMatch(/unauthori[sz]ed|401/i);

    const put = await trellis(
      'registry',
      'put',
      locked.host,
      '--user',
      auth.username,
      '--password',
      auth.password,
    );
    expect(put).toMatchObject({ code: 0, stderr: '' });
    expect(put.stdout.trim()).toBe(`Sent credentials for ${locked.host} to the hosts of lattice default`);

    const after = await trellis('scale', 'component', host.id, ref, 'locked-hello');
    expect(after).toMatchObject({
      code: 0,
      stdout: `Scaled locked-hello to 1 instance(s) on host ${host.id}\n`,
    });
    expect(await trellis('call', 'locked-hello', 'upper', 'let me in')).toMatchObject({
      code: 0,
      stdout: 'LET ME IN',
    });
  });

  it('registry put without credentials is a usage error', async () => {
    const r = await trellis('registry', 'put', locked.host);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('error: give --user and --password (or TRELLIS_REGISTRY_*), or --token');
  });
});
