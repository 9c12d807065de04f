/**
 * Reads a response body as fast as it arrives, whether or not anyone consumes it yet, and hands the
 * bytes out in order. A body stream that errors drops the chunks still queued in it (the Streams spec
 * resets the queue), and the real server sends the whole answer in one burst: a lazy reader would lose
 * it all to a connection cut right after. Also owns the idle timer: silence in the answer's data from
 * the network (a keep-alive comment does not count), not from the consumer.
 */
import { startTimer } from '../base/timers.js';
import { DataScanner } from './data-scan.js';

export class BodyPump {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  readonly #idleTimeoutMs: number;
  readonly #onIdle: () => void;
  readonly #received: Uint8Array[] = [];
  #ended = false;
  #failure: { error: unknown } | undefined;
  #waiting: (() => void) | undefined;
  #cancelIdle: () => void = () => {};
  readonly #scanner = new DataScanner();

  constructor(body: ReadableStream<Uint8Array> | null, idleTimeoutMs: number, onIdle: () => void) {
    this.#reader = body?.getReader();
    this.#idleTimeoutMs = idleTimeoutMs;
    this.#onIdle = onIdle;
    void this.#pump();
  }

  /** The next bytes; undefined at the end. Rejects with the body's error once the bytes before it are out. */
  async next(): Promise<Uint8Array | undefined> {
    for (;;) {
      const bytes = this.#received.shift();
      if (bytes !== undefined) return bytes;
      if (this.#ended) {
        if (this.#failure !== undefined) throw this.#failure.error;
        return undefined;
      }
      await new Promise<void>((resolve) => {
        this.#waiting = resolve;
      });
    }
  }

  /**
   * Close the connection (a pending `next` then sees the end). Safe to call more than once; returns what
   * settles once it is closed, or undefined when the body had already ended.
   */
  cancel(reason?: unknown): Promise<void> | undefined {
    this.#cancelIdle();
    return this.#reader === undefined || this.#ended ? undefined : this.#reader.cancel(reason).catch(() => {});
  }

  async #pump(): Promise<void> {
    const reader = this.#reader;
    try {
      if (reader === undefined) return;
      this.#armIdle();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        this.#received.push(value);
        if (this.#scanner.carriesData(value)) this.#armIdle();
        this.#wake();
      }
    } catch (error) {
      this.#failure = { error };
    } finally {
      this.#ended = true;
      this.#cancelIdle();
      this.#wake();
    }
  }

  #armIdle(): void {
    this.#cancelIdle();
    this.#cancelIdle = startTimer(this.#idleTimeoutMs, this.#onIdle);
  }

  #wake(): void {
    const wake = this.#waiting;
    this.#waiting = undefined;
    wake?.();
  }
}
