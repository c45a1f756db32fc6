/**
 * Test helpers: a lattice client on a real nats-server that sends ctl requests, collects replies of
 * scatter-gather subjects and records every event in order; one started host on a fresh nats-server; and
 * `trellis-host` processes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConnectionOptions, NatsConnection, Subscription } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { type NatsServer, startNatsServer } from '@trellis/infra/nats';
import { eventWildcard } from '@trellis/protocol';
import { Host, type HostOptions } from '../src/index.ts';

export interface RecordedEvent {
  subject: string;
  type: string;
  source: string;
  data: Record<string, unknown>;
  raw: string;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export class LatticeProbe {
  readonly nc: NatsConnection;
  readonly events: RecordedEvent[] = [];
  readonly #sub: Subscription;
  readonly #waiters: { match: (e: RecordedEvent) => boolean; resolve: (e: RecordedEvent) => void }[] = [];

  private constructor(nc: NatsConnection, lattice: string) {
    this.nc = nc;
    this.#sub = nc.subscribe(eventWildcard(lattice), {
      callback: (_error, msg) => {
        const raw = decoder.decode(msg.data);
        const parsed = JSON.parse(raw) as { type: string; source: string; data: Record<string, unknown> };
        const event = {
          subject: msg.subject,
          type: parsed.type.replace('com.wasmcloud.lattice.', ''),
          source: parsed.source,
          data: parsed.data,
          raw,
        };
        this.events.push(event);
        for (const waiter of [...this.#waiters]) {
          if (waiter.match(event)) {
            this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
            waiter.resolve(event);
          }
        }
      },
    });
  }

  /** `options` adds to the connection options (an `authenticator` for a server that requires auth). */
  static async connect(
    url: string,
    lattice = 'default',
    options: Partial<ConnectionOptions> = {},
  ): Promise<LatticeProbe> {
    const probe = new LatticeProbe(await connect({ ...options, servers: url }), lattice);
    await probe.nc.flush();
    return probe;
  }

  /** Request with a JSON (object) or raw body; returns the reply text. */
  async request(subject: string, body: unknown = '', timeout = 5000): Promise<string> {
    const data =
      typeof body === 'string'
        ? encoder.encode(body)
        : body instanceof Uint8Array
          ? body
          : encoder.encode(JSON.stringify(body));
    const reply = await this.nc.request(subject, data, { timeout });
    return decoder.decode(reply.data);
  }

  async requestBytes(subject: string, data: Uint8Array, timeout = 5000): Promise<Uint8Array> {
    return (await this.nc.request(subject, data, { timeout })).data;
  }

  async json<T = Record<string, unknown>>(subject: string, body: unknown = '', timeout = 5000): Promise<T> {
    return JSON.parse(await this.request(subject, body, timeout)) as T;
  }

  /** Publishes with a fresh inbox and collects every reply for `ms`. */
  async gather(subject: string, body: unknown = '', ms = 500): Promise<string[]> {
    const inbox = `_INBOX.${Math.random().toString(36).slice(2)}`;
    const replies: string[] = [];
    const sub = this.nc.subscribe(inbox, {
      callback: (_e, msg) => {
        replies.push(decoder.decode(msg.data));
      },
    });
    const data = typeof body === 'string' ? encoder.encode(body) : encoder.encode(JSON.stringify(body));
    this.nc.publish(subject, data, { reply: inbox });
    await new Promise((resolve) => setTimeout(resolve, ms));
    sub.unsubscribe();
    return replies;
  }

  /** The next event (already recorded after `since`, or future) matching `type` and `match`. */
  waitFor(
    type: string,
    match: (data: Record<string, unknown>) => boolean = () => true,
    since = 0,
    timeout = 10_000,
  ): Promise<RecordedEvent> {
    const predicate = (e: RecordedEvent) => e.type === type && match(e.data);
    const seen = this.events.slice(since).find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeout} ms`)), timeout);
      this.#waiters.push({
        match: predicate,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }

  /** Event types recorded from index `since`, optionally only those in `types`. */
  typesSince(since: number, types?: string[]): string[] {
    return this.events
      .slice(since)
      .map((e) => e.type)
      .filter((t) => !types || types.includes(t));
  }

  get mark(): number {
    return this.events.length;
  }

  async close(): Promise<void> {
    this.#sub.unsubscribe();
    await this.nc.close();
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface TestLattice {
  readonly nats: NatsServer;
  /** Connected before the host started: it recorded `host_started`. */
  readonly probe: LatticeProbe;
  readonly host: Host;
  /** A fresh temporary directory for the test's files; the host caches in `cache/` there. */
  readonly dir: string;
  /** Stops the host, the probe and the nats-server, and removes `dir`. */
  stop(): Promise<void>;
}

/**
 * A real nats-server, a probe on `lattice` and one started host on it (one worker, caching in a fresh
 * temporary directory), once the probe has seen its `host_started`. `options` add to the host's options.
 */
export async function startTestLattice(lattice: string, options: HostOptions = {}): Promise<TestLattice> {
  const dir = await mkdtemp(join(tmpdir(), `trellis-${lattice}-`));
  const nats = await startNatsServer();
  let probe: LatticeProbe | undefined;
  let host: Host | undefined;
  const stop = async () => {
    await host?.stop();
    await probe?.close();
    await nats.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    probe = await LatticeProbe.connect(nats.url, lattice);
    host = new Host({ natsUrl: nats.url, lattice, workers: 1, cacheDir: join(dir, 'cache'), ...options });
    await host.start();
    await probe.waitFor('host_started');
    return { nats, probe, host, dir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The `trellis-host` executable. */
export const hostBin = fileURLToPath(new URL('../bin/trellis-host', import.meta.url));

export interface LaunchedHost {
  child: ChildProcess;
  /** The host id from the first stdout line; rejects if the process exits first. */
  hostId: Promise<string>;
  exit: Promise<number | null>;
  /** What the process wrote to stderr so far. */
  stderr(): string;
}

/** `trellis-host` processes against one nats-server; `killAll()` (in `afterAll`) ends those still running. */
export class HostProcesses {
  readonly #natsUrl: string;
  readonly #children: ChildProcess[] = [];

  constructor(natsUrl: string) {
    this.#natsUrl = natsUrl;
  }

  /** Runs `trellis-host args` with TRELLIS_NATS_URL set, warnings only, and `env` on top. */
  launch(args: string[], env: Record<string, string> = {}): LaunchedHost {
    const child = spawn(hostBin, args, {
      env: { ...process.env, TRELLIS_NATS_URL: this.#natsUrl, TRELLIS_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#children.push(child);
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

  killAll(): void {
    for (const child of this.#children) if (child.exitCode === null) child.kill('SIGKILL');
  }
}
