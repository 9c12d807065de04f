/**
 * ChatStream, single use: a stream route's body as an async iterable of normalised chunks. It owns the
 * body reader and the timers, decides when the answer ended, and turns every break into a typed error.
 */
import { RequestAbortedError, StreamError, type SaaSLLMError } from '../errors/index.js';
import { StreamLifetime } from './stream-lifetime.js';
import { ChunkQueue } from './chunk-queue.js';
import { Answer } from './answer.js';
import type { ChatCompletionChunk, ChunkUsage, ToolCall } from './normalize.js';
import { eventBytes, textBytes } from './byte-streams.js';
import { streamSetup, type ChatStreamSettings, type FromEventStreamOptions, type StreamOutcome, type StreamSetup } from './stream-settings.js';
import { callerStop, consumedError, endedEarly, StreamReport, stopError, toStreamFailure, type StopReason } from './stream-errors.js';

const DONE_RESULT: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

const settled = () => undefined;

/**
 * A streamed answer. Iterate it with `for await`, or call {@link ChatStream.text} for the whole answer.
 * The client's `chatStream()` and `createAndCallStream()` return one; `new ChatStream(body)` reads any
 * body of OpenAI-style chunks, and {@link ChatStream.fromEventStream} a relayed one.
 *
 * @example
 * const stream = await client.createAndCallStream({ job_type: 'chat', model: 'sdk-chat', messages });
 * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? '');
 * console.log(stream.finishReason, stream.chunkCount);
 */
export class ChatStream implements AsyncIterable<ChatCompletionChunk> {
  /** With `fallbackModels`: the models that failed before the one that answered (set by the caller). */
  declare readonly fallbackFrom?: readonly string[];
  readonly #init: StreamSetup;
  readonly #lifetime: StreamLifetime;
  readonly #queue: ChunkQueue;
  readonly #report: StreamReport;
  #done = false;
  #pulling: Promise<unknown> | undefined;
  #reading = false;
  #iterated = false;
  readonly #answer = new Answer();
  #settled = false;
  #textPromise: Promise<string> | undefined;
  #failure: SaaSLLMError | undefined;
  /** A failure met by `ready()`, thrown by the next read. */
  #pendingFailure: unknown;

  /**
   * A stream over a body of OpenAI-style chunks (`data: {...}` events, then `data: [DONE]`).
   * @param body - a `fetch` response or its body
   * @param settings - timeouts, the provider shapes it may carry, the event size limit, who hears how it ended
   * @throws InvalidRequestError when the body or a setting is of the wrong kind (nothing is read)
   * @example
   * const stream = new ChatStream(await fetch(url, { method: 'POST', body }), { timeoutMs: 60_000, onEnd: (outcome) => log(outcome) });
   */
  constructor(body: ReadableStream<Uint8Array> | Response, settings?: ChatStreamSettings) {
    const { body: bytes, setup } = streamSetup(body, settings);
    this.#init = setup;
    this.#report = new StreamReport(setup, this.#answer);
    this.#queue = new ChunkQueue(this.#report, setup.maxEventBytes, setup.dialects);
    this.#lifetime = new StreamLifetime(bytes, setup);
  }

  /** The request id of the call (the server's when it sent one). */
  get requestId(): string {
    return this.#init.info.requestId;
  }

  /** The job the stream belongs to; undefined for `createAndCallStream` (the server never sends its id). */
  get jobId(): string | undefined {
    return this.#init.info.jobId;
  }

  /** The answer text received so far. */
  get content(): string {
    return this.#answer.content;
  }

  /** Chunks received so far. */
  get chunkCount(): number {
    return this.#answer.chunkCount;
  }

  /** Why the answer ended (normalised: `stop`, `length`, `tool_calls`, `content_filter`), once known. */
  get finishReason(): string | null {
    return this.#answer.finishReason;
  }

  /** The tool calls received so far, for every provider (`id`, `name`, `arguments` as JSON text); complete once the stream ended. */
  get toolCalls(): ToolCall[] {
    return this.#answer.toolCalls;
  }

  /** Token usage, once the provider reported it (OpenAI's names; Anthropic and Gemini normalised). */
  get usage(): ChunkUsage | undefined {
    return this.#answer.usage;
  }

  /** Stop reading and close the connection. Iteration in progress throws `RequestAbortedError`. */
  abort(reason?: unknown): void {
    this.#lifetime.halt({ kind: 'abort', reason });
  }

  /**
   * Resolves once the first chunk has arrived or the stream has ended; never rejects (reading throws the
   * stream's error, and a failure met here is told to `onEnd` at once). A relay can wait for the answer to
   * start before it commits to its own response.
   * @example
   * await stream.ready();
   * return new Response(stream.toEventStream(), { headers: { 'content-type': 'text/event-stream' } });
   */
  ready(): Promise<void> {
    if (!this.#queue.isEmpty || this.#done || this.#pendingFailure !== undefined) return Promise.resolve();
    if (this.#pulling !== undefined) return this.#pulling.then(() => this.ready(), () => this.ready());
    return this.#startPull(false).then(settled, (error: unknown) => {
      this.#pendingFailure = error;
    });
  }

  /**
   * The chunks, once. Breaking out of the loop closes the connection.
   * @throws SaaSLLMError when the stream was already iterated or piped.
   */
  [Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk> {
    this.#claim('iterate');
    // A plain iterator over a queue: no generator frame per stream, no generator step per chunk.
    return {
      next: () => this.#next(),
      return: () => {
        this.#dispose();
        return Promise.resolve(DONE_RESULT);
      },
    };
  }

  /**
   * The whole answer. Works after a partial iteration too (reads the rest); called again, resolves the same.
   * Rejects with the stream's typed error, which carries `partialContent`.
   */
  text(): Promise<string> {
    this.#textPromise ??= (async () => {
      while (!(await this.#next()).done);
      // The stream may have failed under an earlier iteration: report that, not a partial answer.
      if (this.#failure !== undefined) throw this.#failure;
      return this.#answer.content;
    })();
    return this.#textPromise;
  }

  /**
   * The answer's text as UTF-8 bytes, e.g. as an HTTP response body. Cancelling it closes the connection;
   * a failure errors it with the typed error.
   * @example
   * return new Response(stream.toReadableStream(), { headers: { 'content-type': 'text/plain; charset=utf-8' } });
   */
  toReadableStream(): ReadableStream<Uint8Array> {
    this.#claim('pipe');
    return textBytes(() => this.#next(), () => this.#dispose());
  }

  /**
   * The stream as SSE to relay (e.g. to a browser): each normalised chunk as `data: <json>`, then `[DONE]`,
   * or one last `data: {"error": {name, code, message, partialContent}}`. Read back with {@link ChatStream.fromEventStream}.
   * @example
   * return new Response(stream.toEventStream(), { headers: { 'content-type': 'text/event-stream' } });
   */
  toEventStream(): ReadableStream<Uint8Array> {
    this.#claim('relay');
    return eventBytes(() => this.#next(), () => this.#dispose(), () => this.#answer.content, this.#init.redact);
  }

  /**
   * A ChatStream over a relayed {@link ChatStream.toEventStream}, in a browser or a service: same helpers and
   * typed errors (`StreamError` for a relayed failure, `StreamInterruptedError` when the relay is cut).
   * @example
   * const stream = ChatStream.fromEventStream((await fetch('/api/chat', { method: 'POST', body })).body!);
   * for await (const chunk of stream) output.append(chunk.choices[0]?.delta.content ?? '');
   */
  static fromEventStream(body: ReadableStream<Uint8Array> | Response, options?: FromEventStreamOptions): ChatStream {
    // A wrong kind of options is the constructor's to report; a relayed stream is already normalised (no dialects).
    if (options !== undefined && (typeof options !== 'object' || options === null)) return new ChatStream(body, options);
    return new ChatStream(body, { ...options, dialects: [], call: { operation: 'fromEventStream', endpoint: '(relay)', ...options?.call } });
  }

  /** What `JSON.stringify(stream)` shows. */
  toJSON(): Record<string, unknown> {
    return { requestId: this.requestId, jobId: this.jobId, chunkCount: this.#answer.chunkCount, finishReason: this.#answer.finishReason, content: this.#answer.content };
  }

  /** @internal What `util.inspect` shows (Node's hook). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ChatStream { requestId: '${this.requestId}', jobId: ${this.jobId === undefined ? 'undefined' : `'${this.jobId}'`}, chunkCount: ${this.#answer.chunkCount}, finishReason: ${this.#answer.finishReason === null ? 'null' : `'${this.#answer.finishReason}'`} }`;
  }

  #claim(how: string): void {
    if (this.#iterated) throw consumedError(how);
    this.#iterated = true;
  }

  /** The next chunk: from the queue when one is parsed, else read and parse until one is (or the end). */
  #next(): Promise<IteratorResult<ChatCompletionChunk>> {
    if (this.#pendingFailure !== undefined) {
      const failure = this.#pendingFailure;
      this.#pendingFailure = undefined;
      return Promise.reject(failure);
    }
    // After an abort nothing more is handed out, even chunks already parsed.
    if (!this.#queue.isEmpty && !this.#lifetime.aborted) return Promise.resolve({ done: false, value: this.#queue.shift() });
    // A second caller waits for the read in progress, then takes what it left.
    if (this.#pulling !== undefined) return this.#pulling.then(() => this.#next(), () => this.#next());
    return this.#startPull(true);
  }

  /** One read in progress (`#pulling`, cleared by the read as it ends: no promise chain per waiting stream); `take` hands out the chunk it found, else it stays queued (`ready()`). */
  #startPull(take: boolean): Promise<IteratorResult<ChatCompletionChunk>> {
    const pull = this.#pull(take);
    if (this.#reading) this.#pulling = pull;
    return pull;
  }

  async #pull(take: boolean): Promise<IteratorResult<ChatCompletionChunk>> {
    const queue = this.#queue;
    this.#reading = true;
    try {
      if (this.#lifetime.aborted) {
        if (this.#done) return DONE_RESULT;
        throw stopError(this.#lifetime.stop as StopReason, this.#report.progress());
      }
      while (queue.isEmpty) {
        if (queue.errorFrame !== undefined) throw queue.errorFrame;
        if (this.#done) return DONE_RESULT;
        if (queue.eof) {
          const { stop } = this.#lifetime;
          if (stop !== undefined && !queue.ended) throw stopError(stop, this.#report.progress());
          if (!queue.ended) throw endedEarly(this.#report.progress());
          this.#settle('completed', undefined);
          return DONE_RESULT;
        }
        if (queue.parseMore()) continue;
        if (queue.ended) this.#lifetime.armGrace();
        const bytes = await this.#lifetime.read();
        // Bytes that came after an abort are not the stream's any more.
        queue.push(this.#lifetime.aborted ? undefined : bytes);
      }
      return take ? { done: false, value: queue.shift() } : DONE_RESULT;
    } catch (error) {
      return await this.#fail(error);
    } finally {
      this.#reading = false;
      this.#pulling = undefined;
    }
  }

  /** Every way out of reading, as the stream's outcome: aborted, completed after all, or failed. */
  async #fail(error: unknown): Promise<IteratorResult<ChatCompletionChunk>> {
    const failure = toStreamFailure(error, this.#lifetime.stop ?? callerStop(this.#init.signal), this.#report.progress());
    if (failure instanceof RequestAbortedError) {
      this.#failure = failure;
      this.#settle('aborted', failure);
      throw failure;
    }
    if (this.#queue.ended && !(failure instanceof StreamError)) {
      // The whole answer arrived; only the wait for EOF broke. Nothing was lost.
      this.#settle('completed', undefined);
      return DONE_RESULT;
    }
    this.#failure = failure;
    // Whoever hears the end may have work to finish first (the client fails the job).
    await this.#settle('failed', failure);
    throw failure;
  }

  /** Report the outcome once and release the connection, timers and listeners. */
  #settle(outcome: StreamOutcome, error: SaaSLLMError | undefined): Promise<void> | undefined {
    this.#done = true;
    const reported = this.#finish(outcome, error);
    this.#dispose();
    return reported;
  }

  /** Stop for good: report an abandoned stream, close the connection, clear timers and listeners. */
  #dispose(): void {
    this.#done = true;
    if (!this.#settled) this.#finish('aborted', undefined);
    this.#lifetime.release();
  }

  /** Tell `onEnd`, once; what it returns is awaited by a failure only, and its own failure is not the stream's. */
  #finish(outcome: StreamOutcome, error: SaaSLLMError | undefined): Promise<void> | undefined {
    if (this.#settled) return undefined;
    this.#settled = true;
    this.#lifetime.settle();
    try {
      const reported = this.#init.onEnd?.(outcome, error);
      return reported === undefined ? undefined : Promise.resolve(reported).then(settled, settled);
    } catch {
      return undefined;
    }
  }
}
