/**
 * SSE bytes → the `data` of each event, with eventsource-parser doing the framing. Pure (no I/O), so a
 * body split at any byte boundary parses the same; the caller owns reading and timers.
 */
import { createParser, type EventSourceParser } from 'eventsource-parser';

export class SseDecoder {
  readonly #decoder = new TextDecoder();
  readonly #parser: EventSourceParser;
  #pending: string[] = [];

  constructor() {
    // Comments (`: keepalive`) never reach onEvent; blank `data:` lines carry nothing to parse.
    this.#parser = createParser({
      onEvent: (event) => {
        if (event.data.trim() !== '') this.#pending.push(event.data);
      },
    });
  }

  /** Feed body bytes; returns the data of every event they completed. */
  push(bytes: Uint8Array): string[] {
    this.#parser.feed(this.#decoder.decode(bytes, { stream: true }));
    return this.#take();
  }

  /** The body ended: flush a multi-byte character cut at the end. An event without its blank line is dropped, as SSE says. */
  end(): string[] {
    this.#parser.feed(this.#decoder.decode());
    return this.#take();
  }

  #take(): string[] {
    const events = this.#pending;
    this.#pending = [];
    return events;
  }
}
