/**
 * One Server-Sent Events client: a byte stream the hub writes events into. Writes go through a bounded queue
 * that is drained only as fast as the client reads; when more than `limitBytes` wait, the client is dropped
 * with a final `event: dropped` naming the reason, so a slow reader never holds up the others.
 * A `: keepalive` comment is sent every `keepaliveMs`.
 */

const encoder = new TextEncoder();

export interface SseStreamOptions {
  limitBytes: number;
  keepaliveMs: number;
  /** Called once when the stream ends (client gone, dropped or closed by the hub). */
  onClose?: () => void;
}

/** Formats one SSE message; multi-line data becomes several `data:` lines. */
export function sseMessage(event: string, data: string): string {
  const lines = data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`);
  return `event: ${event}\n${lines.join('\n')}\n\n`;
}

export class SseStream {
  readonly readable: ReadableStream<Uint8Array>;
  readonly #options: SseStreamOptions;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #queue: Uint8Array[] = [];
  #queuedBytes = 0;
  #pulling = false;
  #closed = false;
  #finished = false;
  #keepalive: ReturnType<typeof setInterval>;

  constructor(options: SseStreamOptions) {
    this.#options = options;
    this.readable = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#controller = controller;
        },
        pull: () => {
          const next = this.#queue.shift();
          if (next === undefined) {
            this.#pulling = true;
            return;
          }
          this.#queuedBytes -= next.byteLength;
          this.#controller.enqueue(next);
        },
        cancel: () => this.#finish(),
      },
      { highWaterMark: 0 },
    );
    this.#keepalive = setInterval(() => this.write(': keepalive\n\n'), options.keepaliveMs);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Bytes waiting for the client to read. */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  /** Queues raw SSE text; drops the client when its queue overflows. */
  write(text: string): void {
    if (this.#closed) return;
    const chunk = encoder.encode(text);
    if (this.#pulling) {
      this.#pulling = false;
      this.#controller.enqueue(chunk);
      return;
    }
    this.#queue.push(chunk);
    this.#queuedBytes += chunk.byteLength;
    if (this.#queuedBytes > this.#options.limitBytes) {
      this.drop(`slow client: more than ${this.#options.limitBytes} bytes waiting`);
    }
  }

  send(event: string, data: string): void {
    this.write(sseMessage(event, data));
  }

  /** Ends the stream with a final `dropped` event carrying `reason` (queued events are discarded). */
  drop(reason: string): void {
    if (this.#closed) return;
    this.#queue = [];
    this.#queuedBytes = 0;
    this.#controller.enqueue(encoder.encode(sseMessage('dropped', JSON.stringify({ reason }))));
    this.close();
  }

  /** Ends the stream after what is queued. */
  close(): void {
    if (this.#closed) return;
    for (const chunk of this.#queue) this.#controller.enqueue(chunk);
    this.#queue = [];
    this.#queuedBytes = 0;
    try {
      this.#controller.close();
    } catch {
      // already cancelled by the client
    }
    this.#finish();
  }

  #finish(): void {
    this.#closed = true;
    if (this.#finished) return;
    this.#finished = true;
    clearInterval(this.#keepalive);
    this.#options.onClose?.();
  }
}
