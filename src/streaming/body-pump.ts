/**
 * Reads a response body as fast as it arrives, whether or not anyone consumes it yet, and hands the
 * bytes out in order. A body stream that errors drops the chunks still queued in it (the Streams spec
 * resets the queue), and the real server sends the whole answer in one burst: a lazy reader would lose
 * it all to a connection cut right after. Tells its watcher when data arrives from the network (a
 * keep-alive comment does not count: the idle limit is silence in the answer, not in the consumer) and
 * when the body ended.
 */
import { DataScanner } from './data-scan.js';

/** Who hears what the network does (the stream's lifetime, for its idle limit). */
export interface BodyWatcher {
  sawData(): void;
  bodyEnded(): void;
}

export class BodyPump {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  readonly #watcher: BodyWatcher;
  readonly #received: Uint8Array[] = [];
  #ended = false;
  #failure: { error: unknown } | undefined;
  /** A `next()` waiting for bytes: settled by the pump when they come or the body ends. */
  #waiting: { resolve: (bytes: Uint8Array | undefined) => void; reject: (error: unknown) => void } | undefined;
  readonly #scanner = new DataScanner();

  constructor(body: ReadableStream<Uint8Array> | null, watcher: BodyWatcher) {
    this.#reader = body?.getReader();
    this.#watcher = watcher;
    void this.#pump();
  }

  /**
   * The next bytes; undefined at the end. Rejects with the body's error once the bytes before it are out.
   * One promise per call and no async frame: a stream waiting for its next token holds only this.
   */
  next(): Promise<Uint8Array | undefined> {
    const bytes = this.#received.shift();
    if (bytes !== undefined) return Promise.resolve(bytes);
    if (this.#ended) return this.#failure === undefined ? Promise.resolve(undefined) : Promise.reject(this.#failure.error);
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
    });
  }

  /**
   * Close the connection (a pending `next` then sees the end). Safe to call more than once; returns what
   * settles once it is closed, or undefined when the body had already ended.
   */
  cancel(reason?: unknown): Promise<void> | undefined {
    return this.#reader === undefined || this.#ended ? undefined : this.#reader.cancel(reason).catch(() => {});
  }

  async #pump(): Promise<void> {
    const reader = this.#reader;
    try {
      if (reader === undefined) return;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        this.#received.push(value);
        if (this.#scanner.carriesData(value)) this.#watcher.sawData();
        this.#wake();
      }
    } catch (error) {
      this.#failure = { error };
    } finally {
      this.#ended = true;
      this.#watcher.bodyEnded();
      this.#wake();
    }
  }

  /** Hand what came to a waiting `next()`: the bytes, the end, or the body's error. */
  #wake(): void {
    const waiting = this.#waiting;
    if (waiting === undefined) return;
    this.#waiting = undefined;
    const bytes = this.#received.shift();
    if (bytes !== undefined) waiting.resolve(bytes);
    else if (this.#failure !== undefined) waiting.reject(this.#failure.error);
    else waiting.resolve(undefined);
  }
}
