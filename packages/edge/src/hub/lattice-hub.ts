/**
 * `LatticeHub`: one Durable Object per lattice (`idFromName(lattice)`). It keeps one NATS subscription to the
 * lattice's events and fans each event out to its WebSocket clients (hibernation API, `acceptWebSocket`) and
 * SSE streams, each with its own type filter. The subscription starts with the first client, reconnects
 * forever with backoff, and is closed when the last client leaves. A client whose buffer passes
 * `CLIENT_BUFFER_BYTES` is dropped (WebSocket close 1008, SSE `event: dropped`) with the reason.
 *
 * Frames: WebSocket text frames carry the CloudEvent JSON as published, plus hub notices
 * `{"trellis":"ready"|"nats",…}`; SSE messages are `event: <short type>` with the CloudEvent as data, plus
 * `event: ready`, `event: nats` and `event: dropped`.
 */
import { DurableObject } from 'cloudflare:workers';
import { eventTypeOf, eventWildcard } from '@trellis/protocol';
import { connectNats } from '../nats.ts';
import { type EdgeSettings, readSettings } from '../settings.ts';
import { parseTypes, passes } from './filter.ts';
import { type FeedStatus, NatsFeed } from './nats-feed.ts';
import { SseStream } from './sse-stream.ts';

/** Header the Worker uses to tell the hub which lattice it serves. */
export const LATTICE_HEADER = 'x-trellis-lattice';

/** WebSocket close code for a client that fell behind. */
export const SLOW_CLIENT_CLOSE = 1008;

interface Attachment {
  lattice: string;
  types?: string[];
}

interface SseClient {
  stream: SseStream;
  types?: string[];
}

const decoder = new TextDecoder();

export class LatticeHub extends DurableObject<Env> {
  readonly #settings: EdgeSettings;
  readonly #sse = new Set<SseClient>();
  readonly #filters = new WeakMap<WebSocket, string[] | undefined>();
  #lattice: string | undefined;
  #feed: NatsFeed | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#settings = readSettings(env);
    // Woken up with clients still attached (after eviction): resume their feed.
    const attached = ctx.getWebSockets()[0]?.deserializeAttachment() as Attachment | undefined;
    if (attached !== undefined) this.#ensureFeed(attached.lattice);
  }

  override async fetch(request: Request): Promise<Response> {
    const lattice = request.headers.get(LATTICE_HEADER);
    if (lattice === null || lattice === '') return new Response('lattice header missing', { status: 400 });
    const types = parseTypes(new URL(request.url).searchParams.get('types'));
    this.#ensureFeed(lattice);
    if (request.headers.get('upgrade')?.toLowerCase() === 'websocket')
      return this.#acceptWebSocket(lattice, types);
    return this.#openSse(request, lattice, types);
  }

  #acceptWebSocket(lattice: string, types: string[] | undefined): Response {
    const pair = new WebSocketPair();
    const server = pair[1];
    this.ctx.acceptWebSocket(server);
    const attachment: Attachment = types === undefined ? { lattice } : { lattice, types };
    server.serializeAttachment(attachment);
    this.#filters.set(server, types);
    if (this.#feed?.connected) server.send(JSON.stringify({ trellis: 'ready', lattice }));
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  #openSse(request: Request, lattice: string, types: string[] | undefined): Response {
    const client: SseClient = {
      stream: new SseStream({
        limitBytes: this.#settings.clientBufferBytes,
        keepaliveMs: this.#settings.keepaliveMs,
        onClose: () => {
          this.#sse.delete(client);
          this.#stopWhenIdle();
        },
      }),
      ...(types === undefined ? {} : { types }),
    };
    this.#sse.add(client);
    request.signal?.addEventListener('abort', () => client.stream.close(), { once: true });
    client.stream.write(': trellis events\n\n');
    if (this.#feed?.connected) client.stream.send('ready', JSON.stringify({ lattice }));
    return new Response(client.stream.readable, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      },
    });
  }

  override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    if (message === 'ping') ws.send(JSON.stringify({ trellis: 'pong' }));
  }

  override webSocketClose(ws: WebSocket, code: number, reason: string): void {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // already closed
    }
    this.#stopWhenIdle(ws);
  }

  override webSocketError(ws: WebSocket): void {
    this.#stopWhenIdle(ws);
  }

  /** Live WebSocket clients, leaving out `except` (the one closing right now). */
  #sockets(except?: WebSocket): WebSocket[] {
    return this.ctx.getWebSockets().filter((ws) => ws !== except && ws.readyState === WebSocket.OPEN);
  }

  #filterOf(ws: WebSocket): string[] | undefined {
    if (!this.#filters.has(ws)) {
      this.#filters.set(ws, (ws.deserializeAttachment() as Attachment | null)?.types);
    }
    return this.#filters.get(ws);
  }

  #ensureFeed(lattice: string): void {
    this.#lattice = lattice;
    if (this.#feed?.running) return;
    const settings = this.#settings;
    this.#feed = new NatsFeed({
      subject: eventWildcard(lattice),
      connect: () =>
        connectNats({
          url: settings.natsWsUrl,
          creds: settings.natsCreds,
          reconnect: true,
          name: `trellis-edge-hub-${lattice}`,
        }),
      onMessage: (subject, data) => this.#fanOut(subject, data),
      onStatus: (status, detail) => this.#notify(status, detail),
    });
    this.#feed.start();
  }

  #fanOut(subject: string, data: Uint8Array): void {
    const type = eventTypeOf(subject, this.#lattice ?? '') ?? subject;
    const text = decoder.decode(data);
    const limit = this.#settings.clientBufferBytes;
    for (const ws of this.#sockets()) {
      if (!passes(this.#filterOf(ws), type)) continue;
      if (ws.bufferedAmount > limit) {
        ws.close(SLOW_CLIENT_CLOSE, `slow client: more than ${limit} bytes waiting`);
        continue;
      }
      ws.send(text);
    }
    for (const client of this.#sse) {
      if (passes(client.types, type)) client.stream.send(type, text);
    }
  }

  #notify(status: FeedStatus, detail?: string): void {
    const lattice = this.#lattice;
    const notice =
      status === 'connected'
        ? { trellis: 'ready', lattice }
        : { trellis: 'nats', status, detail: detail ?? null };
    const json = JSON.stringify(notice);
    for (const ws of this.#sockets()) ws.send(json);
    for (const client of this.#sse) client.stream.send(status === 'connected' ? 'ready' : 'nats', json);
  }

  /** Closes the NATS subscription once no client is left. */
  #stopWhenIdle(leaving?: WebSocket): void {
    if (this.#sse.size > 0 || this.#sockets(leaving).length > 0) return;
    const feed = this.#feed;
    this.#feed = undefined;
    if (feed !== undefined) this.ctx.waitUntil(feed.stop());
  }
}
