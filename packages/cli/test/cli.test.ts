/**
 * The `trellis` binary against a real nats-server and a real host: output and exit code of each command,
 * including the failure paths (no NATS, no hosts, a host's refusal, usage errors).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHandlerComponent } from '@trellis/components';
import { Host } from '@trellis/host';
import { type NatsServer, startNatsServer } from '@trellis/infra/nats';
import { freePort } from '@trellis/infra/ports';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { cliEnv, runCli, startCli } from './run-cli.ts';

let nats: NatsServer;
let host: Host;
let dir: string;
let wasm: string;
let env: NodeJS.ProcessEnv;
const trellis = (...args: string[]) => runCli(args, env);

beforeAll(async () => {
  nats = await startNatsServer();
  dir = await mkdtemp(join(tmpdir(), 'trellis-cli-'));
  wasm = join(dir, 'hello.wasm');
  await writeFile(wasm, await buildHandlerComponent());
  host = new Host({ natsUrl: nats.url, workers: 1, cacheDir: join(dir, 'cache') });
  await host.start();
  // the default collection period (2s) is checked where the message shows it
  env = cliEnv(nats.url, dir);
});

afterAll(async () => {
  await host?.stop().catch(() => {});
  await nats?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('failure paths', () => {
  it('says which NATS it could not reach and exits 3', async () => {
    const port = await freePort();
    const r = await trellis('get', 'hosts', '--nats-url', `nats://127.0.0.1:${port}`);
    expect(r.code).toBe(3);
    expect(r.stderr.trim()).toBe(
      `error: cannot connect to NATS at nats://127.0.0.1:${port}: connection refused (is nats-server running? try \`trellis up\`)`,
    );
  });

  it('reports no hosts on an empty lattice with exit 4, and a JSON error with --json', async () => {
    const r = await runCli(['get', 'hosts', '--lattice', 'empty'], { ...env, TRELLIS_TIMEOUT: '' });
    expect(r.code).toBe(4);
    expect(r.stderr.trim()).toBe(`error: no hosts answered within 2s on lattice empty at ${nats.url}`);
    const j = await trellis('--json', 'get', 'hosts', '--lattice', 'empty');
    expect(j.code).toBe(4);
    expect(JSON.parse(j.stdout)).toMatchObject({ success: false, error: { code: 'no_hosts' } });
  });

  it('exits 2 on a usage error', async () => {
    const r = await trellis('scale', 'component', 'only-one-arg');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected [HOST] REF ID');
    const unknown = await trellis('get', 'nothing');
    expect(unknown.code).toBe(2);
  });

  it('shows help with an example on every command', async () => {
    for (const args of [
      [],
      ['get', 'hosts'],
      ['scale', 'component'],
      ['link', 'put'],
      ['events'],
      ['keys', 'gen'],
    ]) {
      const r = await trellis(...args, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Examples?:\n {2}\$ trellis/);
    }
  });
});

describe('against a host', () => {
  it('lists hosts as a table and as exact JSON', async () => {
    const r = await trellis('get', 'hosts');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^HOST ID\s+FRIENDLY NAME\s+UPTIME\s+VERSION\s+LABELS\n/);
    expect(r.stdout).toContain(host.id);
    const j = await trellis('get', 'hosts', '--json');
    expect(JSON.parse(j.stdout)).toMatchObject([
      { id: host.id, friendly_name: host.friendlyName, lattice: 'default' },
    ]);
  });

  it('scales by auction and waits for component_scaled, then calls the component', async () => {
    const r = await trellis('scale', 'component', wasm, 'hello', '--count', '1');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`Scaled hello to 1 instance(s) on host ${host.id}`);
    const inv = await trellis('get', 'inventory', host.id, '--json');
    expect(JSON.parse(inv.stdout).components).toMatchObject([{ id: 'hello', max_instances: 1 }]);
    const human = await trellis('get', 'inventory');
    expect(human.stdout).toMatch(/COMPONENT ID\s+IMAGE REF/);
    const call = await trellis('call', 'hello', 'upper', 'hello world');
    expect(call).toMatchObject({ code: 0, stdout: 'HELLO WORLD' });
    const failed = await trellis('call', 'hello', 'fail', 'boom');
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim()).toBe('error: call hello fail failed: boom');
  });

  it('reports a scale that fails on the host (component_scale_failed)', async () => {
    const r = await trellis('scale', 'component', host.id, join(dir, 'missing.wasm'), 'ghost');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .+/);
    const noWait = await trellis(
      'scale',
      'component',
      host.id,
      join(dir, 'missing.wasm'),
      'ghost',
      '--no-wait',
      '--json',
    );
    expect(noWait.code).toBe(0);
    expect(JSON.parse(noWait.stdout)).toMatchObject({ success: true, acknowledged: true, host_id: host.id });
  });

  it('puts, gets and deletes config; a missing config exits 1', async () => {
    expect((await trellis('config', 'put', 'greeting', 'message=hi', 'lang=en')).code).toBe(0);
    const got = await trellis('config', 'get', 'greeting', '--json');
    expect(JSON.parse(got.stdout)).toEqual({ lang: 'en', message: 'hi' });
    const table = await trellis('get', 'config', 'greeting');
    expect(table.stdout).toBe('KEY      VALUE\nlang     en\nmessage  hi\n');
    expect((await trellis('config', 'del', 'greeting')).stdout.trim()).toBe('successfully deleted config');
    const missing = await trellis('config', 'get', 'greeting');
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('error: config greeting not found on lattice default');
  });

  it('puts, lists and deletes links, and relays a refusal', async () => {
    const put = await trellis('link', 'put', 'hello', 'kv', 'wasi', 'keyvalue', '--interface', 'store');
    expect(put).toMatchObject({ code: 0, stdout: 'successfully set link\n' });
    const links = await trellis('get', 'links', '--json');
    expect(JSON.parse(links.stdout)).toMatchObject([
      { source_id: 'hello', target: 'kv', interfaces: ['store'] },
    ]);
    const refused = await trellis(
      'link',
      'put',
      'hello',
      'kv2',
      'wasi',
      'keyvalue',
      '-i',
      'store',
      '--target-config',
      'nope',
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: host refused: .*nope/);
    expect((await trellis('link', 'del', 'hello', 'wasi', 'keyvalue')).code).toBe(0);
    expect((await trellis('link', 'get')).stdout.trim()).toBe('(none)');
  });

  it('sets labels and refuses hostcore.* with the host message', async () => {
    expect((await trellis('label', 'put', host.id, 'team=core')).code).toBe(0);
    const refused = await trellis('label', 'put', host.id, 'hostcore.os=x');
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe('error: host refused: hostcore.* labels cannot be set dynamically');
    expect((await trellis('label', 'del', host.id, 'team')).code).toBe(0);
  });

  it('tails events as JSON lines', async () => {
    const events = startCli(['events', '--type', 'config_set', '--count', '1', '--json'], env, 'listening');
    await events.ready;
    await trellis('config', 'put', 'tail', 'k=v');
    const r = await events.done;
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      name: 'config_set',
      source: host.id,
      data: { config_name: 'tail' },
    });
  });

  it('live-updates a component and reports a failed update with its reason', async () => {
    const v2 = join(dir, 'hello-v2.wasm');
    await writeFile(v2, await buildHandlerComponent());
    const r = await trellis('update', 'component', 'hello', v2);
    expect(r.stderr).toBe('');
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout.trim()).toMatch(
      new RegExp(`^Host ${host.id}: component hello updating from .+ to .+hello-v2\\.wasm$`),
    );
    const inv = JSON.parse((await trellis('get', 'inventory', host.id, '--json')).stdout);
    expect(inv.components).toMatchObject([
      { id: 'hello', image_ref: expect.stringMatching(/hello-v2\.wasm$/) },
    ]);
    const call = await trellis('call', 'hello', 'upper', 'still here');
    expect(call).toMatchObject({ code: 0, stdout: 'STILL HERE' });

    const bad = await trellis('update', 'component', host.id, 'hello', join(dir, 'missing.wasm'));
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toMatch(
      new RegExp(`^error: update of hello on ${host.id} failed: .*missing\\.wasm`),
    );
  });

  it('stops the component on every host running it', async () => {
    const r = await trellis('stop', 'component', 'hello');
    expect(r).toMatchObject({ code: 0, stdout: `Stopped hello on host ${host.id}\n` });
    const again = await trellis('stop', 'component', 'hello');
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe('error: component hello is not running on any host of lattice default');
  });
});

describe('keys, claims and contexts (no lattice needed)', () => {
  it('generates keys and signs and inspects claims', async () => {
    const key = JSON.parse((await trellis('keys', 'gen', 'account', '--json')).stdout);
    expect(key.public_key).toMatch(/^A[A-Z2-7]{55}$/);
    expect(key.seed).toMatch(/^SA/);
    const signed = await trellis(
      'claims',
      'sign',
      wasm,
      '--issuer-seed',
      key.seed,
      '--name',
      'hello',
      '--rev',
      '3',
      '--ver',
      '0.1.0',
    );
    expect(signed.code).toBe(0);
    const out = join(dir, 'hello_s.wasm');
    expect((await readFile(out)).length).toBeGreaterThan(0);
    const inspect = JSON.parse((await trellis('claims', 'inspect', out, '--json')).stdout);
    expect(inspect).toMatchObject({ iss: key.public_key, wascap: { name: 'hello', rev: 3, ver: '0.1.0' } });
    const unsigned = await trellis('claims', 'inspect', wasm);
    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toContain('carries no claims');
  });

  it('creates, lists and uses a context whose settings then apply', async () => {
    onTestFinished(async () => {
      await runCli(['ctx', 'del', 'elsewhere'], env);
    });
    const made = await trellis(
      'ctx',
      'new',
      'elsewhere',
      '--lattice',
      'nowhere',
      '--timeout',
      '500ms',
      '--use',
    );
    expect(made.code).toBe(0);
    const list = await trellis('ctx', 'list', '--json');
    expect(JSON.parse(list.stdout)).toEqual({ default: 'elsewhere', contexts: ['elsewhere'] });
    // TRELLIS_TIMEOUT would beat the context: leave it unset here
    const r = await runCli(['get', 'hosts'], { ...env, TRELLIS_TIMEOUT: '' });
    expect(r.code).toBe(4);
    expect(r.stderr.trim()).toBe(`error: no hosts answered within 500ms on lattice nowhere at ${nats.url}`);
    // a flag beats the context
    expect((await trellis('get', 'hosts', '--lattice', 'default')).code).toBe(0);
    expect((await trellis('ctx', 'del', 'elsewhere')).code).toBe(0);
    expect(JSON.parse((await trellis('ctx', 'list', '--json')).stdout)).toEqual({
      default: null,
      contexts: [],
    });
  });
});

describe('stop host', () => {
  it('asks the host to stop', async () => {
    const r = await trellis('stop', 'host', host.id);
    expect(r.code).toBe(0);
    await host.stopped;
    expect((await trellis('get', 'hosts')).code).toBe(4);
  });
});
