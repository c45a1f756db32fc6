/**
 * Debian's Chromium (`/usr/bin/chromium`, installed by `infra/bootstrap.sh` when TRELLIS_NEED_BROWSER=1),
 * started by us with a closed-network flag set and a new empty profile, and driven by playwright-core over
 * CDP. Never `playwright install`: it downloads browsers, which this project does not do.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopProcess } from '@trellis/infra/process';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a headless browser that calls nobody (the machine's network is closed). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export interface LaunchedChromium {
  readonly browser: Browser;
  readonly pid: number;
  /** Disconnects, stops the process by its PID (SIGTERM, SIGKILL after 5 s) and removes the profile. */
  close(): Promise<void>;
}

/** Throws a message naming the install command when Debian's Chromium is missing. */
export async function assertChromiumInstalled(): Promise<void> {
  try {
    await access(CHROMIUM_PATH, constants.X_OK);
  } catch {
    throw new Error(
      `Chromium is not installed (${CHROMIUM_PATH} is missing). Install it from Debian's packages with ` +
        `'TRELLIS_NEED_BROWSER=1 bash infra/bootstrap.sh' (or 'sudo apt-get install -y chromium'); ` +
        `'npm test' does this for you. Do not run 'playwright install'.`,
    );
  }
}

function devtoolsEndpoint(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => fail(`no DevTools endpoint within ${timeoutMs} ms`), timeoutMs);
    const onData = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-8000);
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(log);
      if (match?.[1]) done(match[1]);
    };
    const onExit = (code: number | null) => fail(`chromium exited with ${code}`);
    const onError = (error: Error) => fail(error.message);
    const cleanup = () => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('error', onError);
    };
    const done = (url: string) => {
      cleanup();
      resolve(url);
    };
    const fail = (why: string) => {
      cleanup();
      reject(new Error(`could not start ${CHROMIUM_PATH}: ${why}\n${log.trim()}`));
    };
    // Keep reading stderr for the process's whole life so a full pipe never blocks it.
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

export async function launchChromium(): Promise<LaunchedChromium> {
  await assertChromiumInstalled();
  const profile = await mkdtemp(join(tmpdir(), 'trellis-chromium-'));
  const child = spawn(
    CHROMIUM_PATH,
    [
      ...CHROMIUM_FLAGS,
      `--user-data-dir=${profile}`,
      '--remote-debugging-address=127.0.0.1',
      '--remote-debugging-port=0',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const stopAll = async () => {
    await stopProcess(child);
    await rm(profile, { recursive: true, force: true });
  };
  let browser: Browser;
  try {
    browser = await chromium.connectOverCDP(await devtoolsEndpoint(child, 30_000));
  } catch (error) {
    await stopAll();
    throw error;
  }
  let closed = false;
  return {
    browser,
    pid: child.pid ?? -1,
    async close() {
      if (closed) return;
      closed = true;
      await browser.close().catch(() => {});
      await stopAll();
    },
  };
}
