/**
 * Body bytes in, chunks out: SSE framing (eventsource-parser), JSON, provider normalisation and end
 * detection, with the parsed chunks queued until the stream hands them out. Pure (no I/O, no timers), so
 * a body split at any byte boundary parses the same.
 */
import { createParser, type EventSourceParser } from 'eventsource-parser';
import type { StreamError } from '../errors/index.js';
import type { StreamReport } from './stream-errors.js';
import { asOpenAIChunk, ChunkNormalizer, type ChatCompletionChunk, type StreamDialect } from './normalize.js';

const DONE = '[DONE]';
/**
 * Characters parsed at a time: 64 K, the most a runtime's body read hands over, so a read is parsed whole
 * and the parser scans flat text (a slice of it measured 20 ns more per chunk); a larger body of text,
 * e.g. a proxy's, is still parsed a slice at a time, so a few hundred parsed chunks at most wait in memory.
 */
const SLICE = 65536;

export class ChunkQueue {
  readonly #parser: EventSourceParser;
  readonly #decoder = new TextDecoder();
  /** Made by the first payload that is not an OpenAI chunk as it is: most streams have none. */
  #normalizer: ChunkNormalizer | undefined;
  readonly #chunks: ChatCompletionChunk[] = [];
  #head = 0;
  /** The end marker came: the content is complete (reading goes on to EOF for a late error frame). */
  ended = false;
  /** The body ended. */
  eof = false;
  /** An error frame, to throw once the chunks before it are handed out. */
  errorFrame: StreamError | undefined;
  /** Decoded text not parsed yet: parsed a slice at a time, so few parsed chunks wait in memory at once. */
  #text = '';
  #offset = 0;
  /** Characters parsed since the last event boundary: one event may not pass `maxEventChars`. */
  #sinceEvent = 0;

  /**
   * @param report - the stream's answer (sees each chunk as it is parsed) and the builder of its errors:
   *   an error frame's, and an event's longer than `maxEventChars`
   * @param maxEventChars - longest single event
   * @param dialects - the providers' own shapes this stream may meet (none for a relayed stream)
   */
  constructor(
    readonly report: StreamReport,
    readonly maxEventChars: number,
    readonly dialects: readonly StreamDialect[],
  ) {
    // Comments (`: keepalive`) never reach onEvent; an empty `data:` line carries nothing to parse.
    this.#parser = createParser({ onEvent: (event) => event.data !== '' && this.#onData(event.data) });
  }

  get isEmpty(): boolean {
    return this.#head === this.#chunks.length;
  }

  /** Take body bytes; `undefined` means the body ended (what is left is parsed at once). */
  push(bytes: Uint8Array | undefined): void {
    if (bytes !== undefined) {
      const text = this.#decoder.decode(bytes, { stream: true });
      this.#text = this.#offset < this.#text.length ? this.#text.slice(this.#offset) + text : text;
      this.#offset = 0;
      return;
    }
    this.eof = true;
    while (this.parseMore());
    // The last event ends even when its blank line is missing (an intermediary stripped it), as openai-node
    // does since its PR #2726: a cut line then fails to parse as JSON and is skipped, so completeness is
    // still judged on the events that arrived whole.
    this.#parser.feed(`${this.#decoder.decode()}\n\n`);
  }

  /** Parse the next slice of text taken; false when there was none. */
  parseMore(): boolean {
    if (this.#offset >= this.#text.length) return false;
    const end = Math.min(this.#text.length, this.#offset + SLICE);
    const slice = this.#offset === 0 && end === this.#text.length ? this.#text : this.#text.slice(this.#offset, end);
    this.#offset = end;
    // All taken: the text goes with its last slice.
    if (end === this.#text.length) {
      this.#text = '';
      this.#offset = 0;
    }
    this.#measure(slice);
    this.#parser.feed(slice);
    return true;
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

  /** An event ends at a blank line; text with none in it only makes the current event longer. */
  #measure(slice: string): void {
    // The usual ending first: each search that finds nothing scans the whole slice.
    let boundary = slice.lastIndexOf('\n\n');
    if (boundary === -1) boundary = slice.lastIndexOf('\n\r\n');
    if (boundary === -1) boundary = slice.lastIndexOf('\r\r');
    this.#sinceEvent = boundary === -1 ? this.#sinceEvent + slice.length : slice.length - boundary;
    if (this.#sinceEvent > this.maxEventChars) throw this.report.tooLarge(this.#sinceEvent);
  }

  #onData(data: string): void {
    // An event that came whole within one slice passed `#measure`, which bounds the one still arriving.
    if (data.length > this.maxEventChars) throw this.report.tooLarge(data.length);
    if (this.errorFrame !== undefined) return;
    if (data === DONE) {
      this.ended = true;
      return;
    }
    const payload = parseJson(data);
    const openai = asOpenAIChunk(payload);
    if (openai !== undefined) {
      this.report.answer.accept(openai);
      if (openai.choices[0]?.finish_reason != null) this.ended = true;
      this.#chunks.push(openai);
      return;
    }
    const signal = (this.#normalizer ??= new ChunkNormalizer(this.dialects)).normalize(payload);
    if (signal.kind === 'error') this.errorFrame = this.report.frameError(signal.message, this.ended);
    else if (signal.kind === 'end') this.ended = true;
    else if (signal.kind === 'chunk') {
      this.report.answer.accept(signal.chunk);
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
