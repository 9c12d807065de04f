/**
 * ChatStream, single use: a stream route's body as an async iterable of normalised chunks. It owns the
 * body reader and the timers, decides when the answer ended, and turns every break into a typed error.
 */
import { RequestAbortedError, StreamError, type SaaSLLMError } from '../errors/index.js';
import type { StreamEndHookState } from '../observability/hooks.js';
import { startTimer } from '../base/timers.js';
import { BodyPump } from './body-pump.js';
import type { ChunkQueue } from './chunk-queue.js';
import { Answer } from './answer.js';
import type { ChatCompletionChunk, ChunkUsage } from './normalize.js';
import type { ToolCall } from './tool-calls.js';
import { textBytes } from './readable.js';
import { eventBytes, relayInit, type FromEventStreamOptions } from './relay.js';
import { progressOf, queueFor } from './stream-report.js';
import type { ChatStreamInit } from './stream-init.js';
import { untilFirstChunk } from './first-chunk.js';
import { callerStop, consumedError, endedEarly, stopError, toStreamFailure, type StopReason, type StreamProgress } from './stream-errors.js';

const DONE_RESULT: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

let open: (init: ChatStreamInit) => Promise<{ stream: ChatStream; retry?: StreamError }>;
const settled = () => undefined;

/**
 * A streamed answer. Iterate it with `for await`, or call {@link ChatStream.text} for the whole answer.
 *
 * @example
 * const stream = await client.createAndCallStream({ job_type: 'chat', model: 'gpt-4o-mini', messages });
 * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? '');
 * console.log(stream.finishReason, stream.chunkCount);
 */
export class ChatStream implements AsyncIterable<ChatCompletionChunk> {
  /** With `fallbackModels`: the models that failed before the one that answered (set by the caller). */
  declare readonly fallbackFrom?: readonly string[];
  readonly #init: ChatStreamInit;
  readonly #body: BodyPump;
  readonly #queue: ChunkQueue;
  #done = false;
  #pulling: Promise<undefined> | undefined;
  #iterated = false;
  readonly #answer = new Answer();
  #stop: StopReason | undefined;
  #settled = false;
  #textPromise: Promise<string> | undefined;
  #failure: SaaSLLMError | undefined;
  readonly #cancelTotal: () => void;
  #cancelGrace: (() => void) | undefined;
  readonly #onCallerAbort = () => this.#halt({ kind: 'abort', reason: this.#init.signal?.reason });

  static {
    open = async (init) => {
      const stream = new ChatStream(init);
      const retry = await untilFirstChunk(stream.#queue, stream.#answer, () => stream.#read());
      if (retry === undefined) return { stream };
      // Given up for a retry: closed without reporting an end (the call goes on).
      stream.#settled = true;
      stream.#dispose();
      return { stream, retry };
    };
  }

  /** Streams come from `client.chatStream()` and `client.createAndCallStream()`. */
  private constructor(init: ChatStreamInit) {
    this.#init = init;
    this.#queue = queueFor(init, this.#answer, () => this.#progress());
    this.#body = new BodyPump(init.response.body, init.idleTimeoutMs, () => this.#halt({ kind: 'stream-idle', ms: init.idleTimeoutMs }));
    this.#cancelTotal = startTimer(init.remainingMs, () => this.#halt(init.budget));
    init.signal?.addEventListener('abort', this.#onCallerAbort, { once: true });
    if (init.signal?.aborted) this.#onCallerAbort();
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
    this.#halt({ kind: 'abort', reason });
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
      // The answer accumulates as chunks are parsed: just read to the end.
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
    return new ChatStream(relayInit(body, options));
  }

  /** What `JSON.stringify(stream)` shows. */
  toJSON(): Record<string, unknown> {
    return { requestId: this.requestId, jobId: this.jobId, chunkCount: this.#answer.chunkCount, finishReason: this.#answer.finishReason, content: this.#answer.content };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ChatStream { requestId: '${this.requestId}', jobId: ${this.jobId === undefined ? 'undefined' : `'${this.jobId}'`}, chunkCount: ${this.#answer.chunkCount}, finishReason: ${this.#answer.finishReason === null ? 'null' : `'${this.#answer.finishReason}'`} }`;
  }

  #claim(how: string): void {
    if (this.#iterated) throw consumedError(how);
    this.#iterated = true;
  }

  /** The next chunk: from the queue when one is parsed, else read and parse until one is (or the end). */
  #next(): Promise<IteratorResult<ChatCompletionChunk>> {
    // After an abort nothing more is handed out, even chunks already parsed.
    if (!this.#queue.isEmpty && !this.#aborted()) return Promise.resolve({ done: false, value: this.#queue.shift() });
    // A second caller waits for the read in progress, then takes what it left.
    if (this.#pulling !== undefined) return this.#pulling.then(() => this.#next());
    const pull = this.#pull();
    this.#pulling = pull.then(settled, settled).then(() => (this.#pulling = undefined));
    return pull;
  }

  async #pull(): Promise<IteratorResult<ChatCompletionChunk>> {
    const queue = this.#queue;
    try {
      if (this.#aborted()) {
        if (this.#done) return DONE_RESULT;
        throw stopError(this.#stop as StopReason, this.#progress());
      }
      while (queue.isEmpty) {
        if (queue.errorFrame !== undefined) throw queue.errorFrame;
        if (this.#done) return DONE_RESULT;
        if (queue.eof) {
          if (this.#stop !== undefined && !queue.ended) throw stopError(this.#stop, this.#progress());
          if (!queue.ended) throw endedEarly(this.#progress());
          this.#settle('completed', undefined);
          return DONE_RESULT;
        }
        if (queue.parseMore()) continue;
        if (queue.ended) this.#armGrace();
        queue.push(await this.#read());
      }
      return { done: false, value: queue.shift() };
    } catch (error) {
      return this.#fail(error);
    }
  }

  /** Every way out of reading, as the stream's outcome: aborted, completed after all, or failed. */
  async #fail(error: unknown): Promise<IteratorResult<ChatCompletionChunk>> {
    const failure = toStreamFailure(error, this.#stop ?? callerStop(this.#init.signal), this.#progress());
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
    this.#settle('failed', failure);
    await this.#init.onFailure?.(failure);
    throw failure;
  }

  /** Report the outcome once and release the connection, timers and listeners. */
  #settle(outcome: StreamEndHookState['outcome'], error: SaaSLLMError | undefined): void {
    this.#done = true;
    this.#finish(outcome, error);
    this.#dispose();
  }

  /** Stop for good: report an abandoned stream, close the connection, clear timers and listeners. */
  #dispose(): void {
    this.#done = true;
    if (!this.#settled) this.#finish('aborted', undefined);
    this.#cancelTotal();
    this.#cancelGrace?.();
    this.#init.signal?.removeEventListener('abort', this.#onCallerAbort);
    // Closes the connection when we stop before EOF; a no-op after it.
    this.#closing(this.#body.cancel());
  }

  /** The next body bytes; undefined at EOF, or at once when the stream was aborted. */
  async #read(): Promise<Uint8Array | undefined> {
    if (this.#aborted()) return undefined;
    const bytes = await this.#body.next();
    return this.#aborted() ? undefined : bytes;
  }

  #aborted(): boolean {
    return this.#stop?.kind === 'abort';
  }

  /** The answer is complete: wait a little for EOF (a late error frame), then finish and release the connection. */
  #armGrace(): void {
    this.#cancelGrace ??= startTimer(this.#init.endGraceMs, () => this.#halt({ kind: 'end-grace' }));
  }

  /** Stop reading: a pending read resolves as EOF, and the loop reports why. */
  #halt(reason: StopReason): void {
    if (this.#settled || this.#stop !== undefined) return;
    this.#stop = reason;
    this.#closing(this.#body.cancel(reason.kind === 'abort' ? reason.reason : reason.kind));
  }

  /** The connection closing after the stream stopped: work a Worker must be told to wait for. */
  #closing(closed: Promise<void> | undefined): void {
    if (closed !== undefined) this.#init.waitUntil?.(closed);
  }

  #finish(outcome: StreamEndHookState['outcome'], error: SaaSLLMError | undefined): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#init.onEnd?.(outcome, this.#answer, error);
  }

  #progress(): StreamProgress {
    return progressOf(this.#init, this.#answer);
  }
}

/**
 * A new stream over a response (the client's way in; the public constructor is private), read up to its
 * first chunk. An uncharged failure before it closes the stream and comes back for a retry.
 */
export function openChatStream(init: ChatStreamInit): Promise<{ stream: ChatStream; retry?: StreamError }> {
  return open(init);
}
