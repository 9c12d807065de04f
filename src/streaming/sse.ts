/**
 * SSE bytes → the `data` of each event, with eventsource-parser doing the framing. Pure (no I/O), so a
 * body split at any byte boundary parses the same; the caller owns reading and timers. Each event's
 * data is handed to `onData` as it completes, with no array in between.
 */
import { createParser, type EventSourceParser } from 'eventsource-parser';

export class SseDecoder {
  readonly #decoder = new TextDecoder();
  readonly #parser: EventSourceParser;

  constructor(onData: (data: string) => void) {
    // Comments (`: keepalive`) never reach onEvent; an empty `data:` line carries nothing to parse.
    this.#parser = createParser({
      onEvent: (event) => {
        if (event.data !== '') onData(event.data);
      },
    });
  }

  /** Body bytes as text (a multi-byte character cut at the end waits for the next bytes). */
  decode(bytes: Uint8Array): string {
    return this.#decoder.decode(bytes, { stream: true });
  }

  /** Feed text; `onData` runs for every event it completes. */
  feed(text: string): void {
    this.#parser.feed(text);
  }

  /**
   * The body ended: flush a multi-byte character cut at the end, and end the last event even when its
   * blank line is missing (an intermediary stripped it), as openai-node does since its PR #2726. A
   * truncated line then fails to parse as JSON and is skipped, so completeness is still judged on the
   * events that arrived whole.
   */
  end(): void {
    this.#parser.feed(`${this.#decoder.decode()}\n\n`);
  }
}
