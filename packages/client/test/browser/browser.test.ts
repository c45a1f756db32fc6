/**
 * The control client, unchanged, in a real browser: Debian's Chromium loads a page whose script (the client
 * and `wsconnect`, bundled by esbuild for the browser) talks to a real nats-server over its websocket
 * listener, where a real host answers.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Host } from '@trellis/host';
import { type NatsServer, startNatsServer } from '@trellis/infra/nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bundle, bundleForBrowser } from './bundle.ts';
import { type LaunchedChromium, launchChromium } from './chromium.ts';
import type { PageReport } from './entry.ts';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const LATTICE = 'browser';
const CONFIG = `browser-${crypto.randomUUID().slice(0, 8)}`;

let chromium: LaunchedChromium | undefined;
let nats: NatsServer | undefined;
let host: Host | undefined;
let http: Server | undefined;
let bundle: Bundle;
let pageUrl = '';

function serve(html: string, script: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    else if (path === '/entry.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else res.writeHead(404).end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

beforeAll(async () => {
  // First, so a machine without Chromium fails at once with the install command.
  chromium = await launchChromium();
  bundle = await bundleForBrowser({ entryPoint: here('./entry.ts') });
  nats = await startNatsServer();
  host = new Host({ natsUrl: nats.url, lattice: LATTICE, workers: 1 });
  await host.start();
  http = await serve(await readFile(here('./page.html'), 'utf8'), bundle.code);
  const { port } = http.address() as AddressInfo;
  const query = new URLSearchParams({ ws: nats.wsUrl, lattice: LATTICE, host: host.id, config: CONFIG });
  pageUrl = `http://127.0.0.1:${port}/?${query}`;
});

afterAll(async () => {
  await chromium?.close();
  if (http) {
    http.closeAllConnections();
    await new Promise<void>((resolve) => http?.close(() => resolve()));
  }
  await host?.stop();
  await nats?.stop();
});

describe('the client in Chromium over websocket NATS', () => {
  it('bundles for the browser with no Node built-ins', async () => {
    expect(bundle.inputs.some((file) => file.endsWith('packages/client/src/lattice-client.ts'))).toBe(true);
    expect(bundle.inputs.some((file) => file.includes('@nats-io/nats-core'))).toBe(true);
    // The guard itself: a Node import anywhere in the graph fails the build.
    await expect(
      bundleForBrowser({
        contents: "import { readFile } from 'node:fs/promises'; readFile('x');",
        resolveDir: here('.'),
      }),
    ).rejects.toThrow(/Could not resolve "node:fs\/promises"/);
  });

  it('finds the host, puts and gets a config and receives config_set, all from the page', async () => {
    const page = await chromium!.browser.contexts()[0]!.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    try {
      await page.goto(pageUrl);
      await page
        .waitForFunction(() => 'trellisReport' in globalThis, undefined, { timeout: 10_000 })
        .catch((cause: unknown) => {
          throw new Error(`the page script did not run: ${problems.join('; ') || String(cause)}`);
        });
      const report = await page.evaluate(
        () => (globalThis as unknown as { trellisReport: Promise<PageReport> }).trellisReport,
      );
      if (!report.ok) throw new Error(`in the page: ${report.error}`);
      expect(report.userAgent).toMatch(/Chrome\/\d+/);
      expect(report.hostIds).toEqual([host!.id]);
      expect(report.ackMessage).toBe('successfully put config');
      expect(report.config).toEqual({ greeting: 'hello from chromium', mode: 'browser' });
      expect(report.event).toEqual({
        name: 'config_set',
        type: 'com.wasmcloud.lattice.config_set',
        source: host!.id,
        data: { config_name: CONFIG },
      });
    } finally {
      await page.close();
    }
  });
});
