/**
 * `npm run dev`: brings up a local lattice on loopback and says what is running and what to try.
 * Ctrl-C (or SIGTERM) stops everything it started, by PID.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startNatsServer } from './nats/server.ts';

const root = join(import.meta.dirname, '..');
const env = process.env;
const host = env.TRELLIS_DEV_HOST ?? '127.0.0.1';
const storeDir = join(root, '.data', 'nats');
await mkdir(storeDir, { recursive: true });

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

try {
  const nats = await startNatsServer({
    host,
    port: Number(env.TRELLIS_NATS_PORT ?? 4222),
    wsPort: Number(env.TRELLIS_NATS_WS_PORT ?? 4223),
    httpPort: Number(env.TRELLIS_NATS_HTTP_PORT ?? 8222),
    storeDir,
  });
  stops.push(() => nats.stop());
  console.log(
    `nats-server   ${nats.url}  (websocket ${nats.wsUrl}, monitor ${nats.monitorUrl}, pid ${nats.pid})`,
  );
  console.log('\nPress Ctrl-C to stop everything.');
} catch (error) {
  console.error(`dev: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
}
