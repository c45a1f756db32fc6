/**
 * `npm run dev`: a whole local lattice on loopback — nats-server (JetStream + websocket), a host, the edge under
 * `wrangler dev` (real workerd), and the example component scaled onto the host — then prints what to try.
 * Ctrl-C (or SIGTERM) stops everything it started, by PID. Logs go to .data/dev/.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from '@nats-io/nkeys';
import { connect } from '@nats-io/transport-node';
import { createClient } from '@trellis/client';
import { buildDir, buildHandlerComponent } from '@trellis/components';
import { startEdgeDev } from '@trellis/edge/dev';
import { ensureDevVars } from '@trellis/edge/dev-vars';
import { startNatsServer } from './nats/server.ts';
import { stopProcess } from './process.ts';

const root = join(import.meta.dirname, '..');
const dataDir = join(root, '.data');
const devDir = join(dataDir, 'dev');
const env = process.env;
const bind = env.TRELLIS_DEV_HOST ?? '127.0.0.1';
const lattice = env.TRELLIS_LATTICE ?? 'default';
const edgePort = Number(env.TRELLIS_EDGE_PORT ?? 8787);
const withEdge = env.TRELLIS_DEV_EDGE !== 'false';

const stops: Array<() => Promise<void>> = [];
let stopping = false;
async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nstopping…');
    for (const stop of stops.reverse()) await stop().catch((e: unknown) => console.error(e));
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

const step = (what: string) => process.stdout.write(`  ${what.padEnd(14)}`);

function stopChild(child: ChildProcess, name: string): () => Promise<void> {
  return async () => {
    await stopProcess(child, { graceMs: 10_000 });
    console.log(`  stopped ${name} (pid ${child.pid})`);
  };
}

/** A host seed kept under .data/dev so the dev host keeps its id across restarts. */
async function devHostSeed(): Promise<string> {
  const path = join(devDir, 'host.seed');
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    const seed = new TextDecoder().decode(createServer().getSeed());
    await writeFile(path, `${seed}\n`, { mode: 0o600 });
    return seed;
  }
}

try {
  await mkdir(devDir, { recursive: true });
  console.log('Trellis dev lattice\n');

  step('nats-server');
  const nats = await startNatsServer({
    host: bind,
    port: Number(env.TRELLIS_NATS_PORT ?? 4222),
    wsPort: Number(env.TRELLIS_NATS_WS_PORT ?? 4223),
    httpPort: Number(env.TRELLIS_NATS_HTTP_PORT ?? 8222),
    storeDir: join(dataDir, 'nats'),
  });
  stops.push(() => nats.stop());
  console.log(`${nats.url}  websocket ${nats.wsUrl}  monitor ${nats.monitorUrl}  (pid ${nats.pid})`);

  // The dev host accepts invocations from any valid signer (the edge's key in .dev.vars, the CLI's own key);
  // production hosts pin theirs with --cluster-issuer.
  const token = await ensureDevVars(root);

  step('host');
  const hostLog = join(devDir, 'host.log');
  const hostArgs = ['--nats-url', nats.url, '--lattice', lattice, '--host-seed', await devHostSeed()];
  hostArgs.push('--label', 'env=dev', '--cache-dir', join(dataDir, 'cache'));
  const host = spawn(join(root, 'node_modules', '.bin', 'trellis-host'), hostArgs, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...env, TRELLIS_HEARTBEAT: env.TRELLIS_HEARTBEAT ?? '30s' },
  });
  const hostLogStream = createWriteStream(hostLog, { flags: 'a' });
  host.stdout?.pipe(hostLogStream);
  host.stderr?.pipe(hostLogStream);
  stops.push(stopChild(host, 'host'));
  host.once('exit', (code) => {
    if (!stopping) {
      console.error(`\nthe host exited (${code}); see ${hostLog}`);
      void shutdown(1);
    }
  });

  const nc = await connect({ servers: nats.url });
  stops.push(() => nc.close());
  const client = createClient(nc, { lattice });
  // The host needs a moment to connect and subscribe; ping until it answers.
  let found: Awaited<ReturnType<typeof client.getHosts>>[number] | undefined;
  for (const deadline = Date.now() + 30_000; !found && Date.now() < deadline; ) {
    [found] = await client.getHosts({ expect: 1, timeoutMs: 500 });
  }
  if (!found) throw new Error(`the host did not answer on lattice ${lattice} within 30s; see ${hostLog}`);
  console.log(`${found.id}  ${found.friendly_name}  (pid ${host.pid}, log ${hostLog})`);

  step('component');
  const wasmPath = fileURLToPath(new URL('handler.wasm', buildDir));
  await mkdir(dirname(wasmPath), { recursive: true });
  await writeFile(wasmPath, await buildHandlerComponent());
  const scaled = await client.scaleComponentAndWait(
    { host_id: found.id, component_ref: wasmPath, component_id: 'hello', count: 4 },
    { timeoutMs: 30_000 },
  );
  console.log(`hello  (${wasmPath}, ${scaled.event.type.split('.').pop()})`);

  let edgeUrl = '';
  if (withEdge) {
    step('edge');
    const edge = await startEdgeDev({ natsWsUrl: nats.wsUrl, port: edgePort, host: bind });
    stops.push(() => edge.stop());
    edgeUrl = edge.url;
    console.log(`${edge.url}  (wrangler dev on workerd, pid ${edge.pid}; token in .dev.vars)`);
  }

  const api = `${edgeUrl}/v1/lattices/${lattice}`;
  const auth = `-H 'authorization: Bearer ${token}'`;
  console.log(`
Try it with the CLI (it talks to ${nats.url}):
  npx trellis get hosts
  npx trellis get inventory ${found.id}
  npx trellis call hello echo 'hi there'
  npx trellis config put greeting lang=en
  npx trellis events            # live, Ctrl-C to end`);
  if (withEdge) {
    console.log(`
Or over HTTP through the edge:
  curl -s ${auth} ${api}/hosts
  curl -s ${auth} -X POST ${api}/components/hello/invoke -H 'content-type: application/json' -d '{"operation":"upper","json":"hello"}'
  curl -s ${auth} -X PUT ${api}/config/greeting -H 'content-type: application/json' -d '{"lang":"en"}'
  curl -sN ${auth} -H 'accept: text/event-stream' ${api}/events
  curl -s ${auth} -X DELETE ${api}/hosts/${found.id}/components/hello?wait=true
  curl -s ${edgeUrl}/openapi.json`);
  }
  console.log('\nPress Ctrl-C to stop everything.');
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`\ndev: ${message}`);
  if (/already in use/i.test(message)) {
    console.error(
      'dev: a port is taken (another nats-server, wrangler or `npm run dev`?). Stop it, or choose other ports with\n' +
        '     TRELLIS_NATS_PORT, TRELLIS_NATS_WS_PORT, TRELLIS_NATS_HTTP_PORT and TRELLIS_EDGE_PORT.',
    );
  }
  await shutdown(1);
}
