/**
 * The page's script, bundled by bundle.ts: the control client exactly as published, on a websocket NATS
 * connection from `wsconnect`. It reads `ws`, `lattice`, `host` and `config` from the page's query string,
 * runs the scenario once and leaves its report in `globalThis.trellisReport` (a promise) for the test.
 */
import { wsconnect } from '@nats-io/nats-core';
import { createClient, type LatticeEvent } from '@trellis/client';

declare const location: { readonly search: string };
declare const navigator: { readonly userAgent: string };

export type PageReport =
  | {
      ok: true;
      userAgent: string;
      hostIds: string[];
      ackMessage: string;
      config: Record<string, string> | undefined;
      event: Pick<LatticeEvent, 'name' | 'type' | 'source' | 'data'>;
    }
  | { ok: false; error: string };

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function run(params: URLSearchParams): Promise<PageReport> {
  const [wsUrl, lattice, hostId, configName] = ['ws', 'lattice', 'host', 'config'].map(
    (key) => params.get(key) ?? '',
  ) as [string, string, string, string];
  const nc = await wsconnect({ servers: wsUrl });
  try {
    const client = createClient(nc, { lattice });
    const hostIds = (await client.getHosts({ expect: 1 })).map((host) => host.id);
    if (!hostIds.includes(hostId)) {
      throw new Error(`getHosts answered ${JSON.stringify(hostIds)}, without the host ${hostId}`);
    }
    // Subscribed before the command, so the host's config_set cannot be missed.
    const events = client.events({ types: ['config_set'] });
    try {
      const ack = await client.putConfig(configName, { greeting: 'hello from chromium', mode: 'browser' });
      const config = await client.getConfig(configName);
      const event = await within(events.next(), 5000, 'no config_set event');
      if (event === undefined) throw new Error('the event stream closed before config_set arrived');
      return {
        ok: true,
        userAgent: navigator.userAgent,
        hostIds,
        ackMessage: ack.message,
        config,
        event: { name: event.name, type: event.type, source: event.source, data: event.data },
      };
    } finally {
      events.close();
    }
  } finally {
    await nc.close();
  }
}

const report: Promise<PageReport> = run(new URLSearchParams(location.search)).catch((error: unknown) => ({
  ok: false,
  error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
}));
Object.assign(globalThis, { trellisReport: report });
