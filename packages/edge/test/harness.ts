/**
 * Test harness: the edge in real workerd on a free port with known tokens and a throw-away Durable Object
 * store, plus small HTTP, SSE and WebSocket clients for talking to it from Node.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { type Socket, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@trellis/infra/ports';
import { startEdgeDev, wranglerEnv } from '../scripts/wrangler-dev.ts';

const root = join(import.meta.dirname, '..', '..', '..');

export const ADMIN_TOKEN = 'test-admin-token';
export const READ_TOKEN = 'test-read-token';

export interface TestEdge {
  url: string;
  /** `fetch` against the edge with the admin token unless `token` says otherwise (`null`: none). */
  api(path: string, init?: RequestInit & { token?: string | null; json?: unknown }): Promise<Response>;
  stop(): Promise<void>;
}

export interface TestEdgeOptions {
  /** Overrides of wrangler.toml's vars and of the test secrets. */
  vars?: Record<string, string>;
  /**
   * `api` (default): `unstable_startWorker` in this process with no file watching (edits elsewhere in the repo
   * never reload it mid-test). `cli`: the `wrangler dev` command as `npm run dev` runs it; its proxy passes a
   * stalled client's backpressure through to the Worker, which the slow-client tests need.
   */
  via?: 'api' | 'cli';
}

/** Starts the Worker in workerd against `natsWsUrl` with the test tokens. */
export async function startTestEdge(natsWsUrl: string, options: TestEdgeOptions = {}): Promise<TestEdge> {
  const persist = await mkdtemp(join(tmpdir(), 'trellis-edge-'));
  const port = await freePort();
  const values: Record<string, string> = {
    NATS_WS_URL: natsWsUrl,
    TRELLIS_TOKENS: `admin:${ADMIN_TOKEN},read:${READ_TOKEN}`,
    NATS_CREDS: '',
    TRELLIS_SIGNING_SEED: '',
    ...options.vars,
  };
  const verbose = process.env.TRELLIS_EDGE_VERBOSE === '1';
  const edge =
    options.via === 'cli'
      ? await startEdgeDev({ natsWsUrl, port, persistTo: persist, vars: values, verbose })
      : await startInProcess(port, persist, values, verbose);
  return {
    url: edge.url,
    api(path, init = {}) {
      const { token = ADMIN_TOKEN, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token !== null) headers.set('authorization', `Bearer ${token}`);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${edge.url}${path}`, {
        ...rest,
        headers,
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      });
    },
    async stop() {
      await edge.stop();
      await rm(persist, { recursive: true, force: true });
    },
  };
}

async function startInProcess(
  port: number,
  persist: string,
  values: Record<string, string>,
  verbose: boolean,
): Promise<{ url: string; stop(): Promise<void> }> {
  Object.assign(process.env, wranglerEnv(root));
  const { unstable_startWorker } = await import('wrangler');
  const worker = await unstable_startWorker({
    config: join(root, 'wrangler.toml'),
    bindings: Object.fromEntries(
      Object.entries(values).map(([name, value]) => [name, { type: 'plain_text' as const, value }]),
    ),
    dev: {
      server: { hostname: '127.0.0.1', port },
      inspector: false,
      watch: false,
      persist,
      logLevel: verbose ? 'log' : 'warn',
    },
  });
  await worker.ready;
  return { url: (await worker.url).origin, stop: () => worker.dispose() };
}

export interface SseMessage {
  event: string;
  data: string;
}

/**
 * What a client received, in arrival order: `next(predicate)` takes the first matching item after the last one
 * taken, waiting for more until the deadline or until `end(reason)` says no more will come.
 */
class Arrivals<T> {
  readonly items: T[] = [];
  readonly #what: string;
  #endReason: string | undefined;
  #waiters: Array<() => void> = [];
  #taken = 0;

  /** `what` names one item in the timeout message ("SSE message"). */
  constructor(what: string) {
    this.#what = what;
  }

  get ended(): boolean {
    return this.#endReason !== undefined;
  }

  push(item: T): void {
    this.items.push(item);
    this.#wake();
  }

  /** No more items will arrive; a `next` that finds no match then throws `reason`. */
  end(reason: string): void {
    this.#endReason ??= reason;
    this.#wake();
  }

  async next(predicate: (item: T) => boolean, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (let i = this.#taken; i < this.items.length; i++) {
        const item = this.items[i] as T;
        if (predicate(item)) {
          this.#taken = i + 1;
          return item;
        }
      }
      if (this.#endReason !== undefined) throw new Error(this.#endReason);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching ${this.#what} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

/** An SSE client: `next(predicate)` resolves with the first matching message not yet taken. */
export class SseClient {
  readonly #received = new Arrivals<SseMessage>('SSE message');
  readonly messages: readonly SseMessage[] = this.#received.items;
  readonly comments: string[] = [];
  readonly #abort = new AbortController();

  static async open(url: string, token: string): Promise<SseClient> {
    const client = new SseClient();
    const response = await fetch(url, {
      headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
      signal: client.#abort.signal,
    });
    if (response.status !== 200) throw new Error(`SSE ${url}: ${response.status} ${await response.text()}`);
    void client.#read(response.body as ReadableStream<Uint8Array>);
    return client;
  }

  get ended(): boolean {
    return this.#received.ended;
  }

  async #read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length > 0) this.#received.push({ event, data: data.join('\n') });
        }
      }
    } catch {
      // aborted
    }
    this.#received.end('SSE stream ended');
  }

  /** Waits for a message matching `predicate` after the last one taken. */
  next(predicate: (m: SseMessage) => boolean = () => true, timeoutMs = 10_000): Promise<SseMessage> {
    return this.#received.next(predicate, timeoutMs);
  }

  close(): void {
    this.#abort.abort();
  }
}

/** A WebSocket client (Node's global WebSocket) that records text frames. */
export class WsClient {
  readonly #received = new Arrivals<string>('WebSocket frame');
  readonly frames: readonly string[] = this.#received.items;
  closeEvent: { code: number; reason: string } | undefined;
  readonly #ws: WebSocket;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.addEventListener('message', (e) => this.#received.push(String(e.data)));
    ws.addEventListener('close', (e) => {
      this.closeEvent = { code: e.code, reason: e.reason };
      this.#received.end(`WebSocket closed (${e.code})`);
    });
  }

  static open(url: string): Promise<WsClient> {
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.addEventListener('open', () => resolve(new WsClient(ws)), { once: true });
      ws.addEventListener('error', () => reject(new Error(`WebSocket ${url} failed`)), { once: true });
    });
  }

  /** Waits for a frame matching `predicate` after the last one taken. */
  next(predicate: (frame: string) => boolean = () => true, timeoutMs = 10_000): Promise<string> {
    return this.#received.next(predicate, timeoutMs);
  }

  close(): void {
    this.#ws.close(1000, 'done');
  }
}

/**
 * A WebSocket client that completes the handshake and then stops reading: the slowest client there is.
 * `drain(marker)` resumes reading and resolves with everything received once `marker` arrived or the
 * connection closed (a raw client never answers the close handshake, so a proxy may keep the socket open).
 */
export async function stalledWebSocket(
  url: string,
): Promise<{ socket: Socket; drain(marker: string): Promise<Buffer> }> {
  const target = new URL(url);
  const socket = tcpConnect({ host: target.hostname, port: Number(target.port) });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(
    `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nUpgrade: websocket\r\n` +
      'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  const head = await new Promise<string>((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n\r\n')) {
        socket.off('data', onData);
        socket.pause();
        resolve(text);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
  if (!head.startsWith('HTTP/1.1 101')) throw new Error(`upgrade refused: ${head.split('\r\n')[0]}`);
  return {
    socket,
    drain(marker) {
      const chunks: Buffer[] = [];
      let tail = '';
      return new Promise((resolve) => {
        socket.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          tail = (tail + chunk.toString('latin1')).slice(-4096);
          if (tail.includes(marker)) resolve(Buffer.concat(chunks));
        });
        socket.once('close', () => resolve(Buffer.concat(chunks)));
        socket.resume();
      });
    },
  };
}
