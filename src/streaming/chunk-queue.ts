/**
 * Body bytes in, chunks out: SSE framing, JSON, provider normalisation and end detection, with the
 * parsed chunks queued until the stream hands them out. No I/O and no timers here.
 */
import type { StreamError } from '../errors/index.js';
import { asOpenAIChunk, ChunkNormalizer, type ChatCompletionChunk } from './normalize.js';
import { SseDecoder } from './sse.js';

const DONE = '[DONE]';

export class ChunkQueue {
  readonly #decoder = new SseDecoder((data) => this.#onData(data));
  readonly #normalizer = new ChunkNormalizer();
  readonly #chunks: ChatCompletionChunk[] = [];
  #head = 0;
  /** The end marker came: the content is complete (reading goes on to EOF for a late error frame). */
  ended = false;
  /** The body ended. */
  eof = false;
  /** An error frame, to throw once the chunks before it are handed out. */
  errorFrame: StreamError | undefined;

  /**
   * @param accept - sees each chunk as it is parsed (the stream's running content and counts)
   * @param frameError - builds the typed error of an error frame
   */
  constructor(
    readonly accept: (chunk: ChatCompletionChunk) => void,
    readonly frameError: (message: string, afterEnd: boolean) => StreamError,
  ) {}

  get isEmpty(): boolean {
    return this.#head === this.#chunks.length;
  }

  /** Feed body bytes; `undefined` means the body ended. */
  push(bytes: Uint8Array | undefined): void {
    if (bytes !== undefined) {
      this.#decoder.push(bytes);
      return;
    }
    this.eof = true;
    this.#decoder.end();
  }

  /** The next parsed chunk; only call when not empty. */
  shift(): ChatCompletionChunk {
    const chunk = this.#chunks[this.#head] as ChatCompletionChunk;
    this.#head += 1;
    if (this.#head === this.#chunks.length) {
      this.#chunks.length = 0;
      this.#head = 0;
    }
    return chunk;
  }

  #onData(data: string): void {
    if (this.errorFrame !== undefined) return;
    if (data === DONE) {
      this.ended = true;
      return;
    }
    const payload = parseJson(data);
    const openai = asOpenAIChunk(payload);
    if (openai !== undefined) {
      this.accept(openai);
      if (openai.choices[0]?.finish_reason != null) this.ended = true;
      this.#chunks.push(openai);
      return;
    }
    const signal = this.#normalizer.normalize(payload);
    if (signal.kind === 'error') this.errorFrame = this.frameError(signal.message, this.ended);
    else if (signal.kind === 'end') this.ended = true;
    else if (signal.kind === 'chunk') {
      this.accept(signal.chunk);
      if (signal.end) this.ended = true;
      this.#chunks.push(signal.chunk);
    }
  }
}

function parseJson(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    // The server drops non-JSON data lines; a proxy might not. Skip them the same way.
    return undefined;
  }
}
