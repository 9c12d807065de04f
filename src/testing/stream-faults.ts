/**
 * Stream faults: they rewrite the frames of an event-stream answer (other answers pass unchanged), as a
 * connection or a proxy would: cut, stalled, re-chunked, or with an error frame where none belongs.
 */
import { EmulatedNetworkError, type Fault } from './emulator.js';
import { sleep } from '../base/timers.js';
import { errorFrame as serverErrorFrame } from './sse.js';
import { scopedFault, type FaultScope } from './faults.js';

/**
 * Rewrite the frames of an SSE response. `rewrite` gets the frames (one per body chunk, as the emulator
 * sends them) and a signal that aborts when the client stops reading.
 */
export function rewriteStream(response: Response, rewrite: (frames: AsyncIterable<string>, signal: AbortSignal) => AsyncIterable<string>): Response {
  if (response.body === null || !(response.headers.get('content-type') ?? '').includes('text/event-stream')) return response;
  const source = response.body.getReader();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const stopped = new AbortController();
  async function* frames(): AsyncGenerator<string> {
    for (;;) {
      const { done, value } = await source.read();
      if (done) return;
      yield decoder.decode(value);
    }
  }
  const output = rewrite(frames(), stopped.signal)[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await output.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        if (!stopped.signal.aborted) controller.error(error);
      }
    },
    async cancel(reason) {
      stopped.abort(reason);
      await source.cancel(reason).catch(() => {});
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

function streamFault(scope: FaultScope, rewrite: (frames: AsyncIterable<string>, signal: AbortSignal) => AsyncIterable<string>): Fault {
  return scopedFault(scope, async (request, next) => rewriteStream(await next(request), rewrite));
}

const isData = (frame: string) => frame.startsWith('data:');

/** The frames up to the `n`th data frame (comments included), then stop. */
async function* firstFrames(frames: AsyncIterable<string>, n: number): AsyncGenerator<string> {
  let sent = 0;
  for await (const frame of frames) {
    if (isData(frame)) {
      if (sent === n) return;
      sent += 1;
    }
    yield frame;
  }
}

/** The connection drops mid-stream: `EmulatedNetworkError` with `ECONNRESET`, like a cut socket. */
export class StreamDroppedError extends EmulatedNetworkError {
  constructor() {
    super('ECONNRESET');
  }
}

/**
 * Cut the stream after `n` data frames (the keepalive comment does not count): by default the connection
 * resets; with `{ eof: true }` the body just ends, as when a proxy closes it cleanly.
 *
 * @example
 * emulator.use(dropStreamAfter(3));  // three frames arrive, then the connection breaks
 */
export function dropStreamAfter(n: number, options: FaultScope & { eof?: boolean } = {}): Fault {
  return streamFault(options, async function* (frames) {
    yield* firstFrames(frames, n);
    if (!options.eof) throw new StreamDroppedError();
  });
}

/**
 * Replace the rest of the stream with the server's error frame `data: {"error": "<message>"}` after `after`
 * data frames (default 0), then end, as the server does when the provider call fails.
 *
 * @example
 * emulator.use(errorFrame("500: Failed to call provider API: Client error '429 Too Many Requests'", { after: 2 }));
 */
export function errorFrame(message: string, options: FaultScope & { after?: number } = {}): Fault {
  const after = options.after ?? 0;
  return streamFault(options, async function* (frames) {
    yield* firstFrames(frames, after);
    yield serverErrorFrame(message);
  });
}

/**
 * Let the whole stream through (its `[DONE]` included), then send an error frame, as the server does when
 * storing the call or charging fails after the provider finished.
 */
export function errorFrameAfterDone(message = 'Failed to record the call', options: FaultScope = {}): Fault {
  return streamFault(options, async function* (frames) {
    yield* frames;
    yield serverErrorFrame(message);
  });
}

/**
 * Go silent for `ms` after `n` data frames, then carry on (fake timers drive the wait); if the client gives
 * up meanwhile, the stream stops.
 *
 * @example
 * emulator.use(stallAfter(2, 200_000));  // longer than the SDK's default stream timeouts
 */
export function stallAfter(n: number, ms: number, options: FaultScope = {}): Fault {
  return streamFault(options, async function* (frames, signal) {
    let sent = 0;
    let stalled = false;
    for await (const frame of frames) {
      if (isData(frame) && sent === n && !stalled) {
        stalled = true;
        await sleep(ms, signal);
      }
      if (isData(frame)) sent += 1;
      yield frame;
    }
  });
}

/**
 * Deliver the body in pieces of `size` bytes (1 = a byte at a time), to show a parser copes with any
 * split. Install it first (outermost), so it splits what the other faults produced.
 */
export function rechunk(size: number, options: FaultScope = {}): Fault {
  return scopedFault(options, async (request, next) => {
    const response = await next(request);
    if (response.body === null) return response;
    const reader = response.body.getReader();
    let pending = new Uint8Array(0);
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        while (pending.length === 0) {
          const { done, value } = await reader.read();
          if (done) {
            controller.close();
            return;
          }
          pending = value;
        }
        controller.enqueue(pending.slice(0, size));
        pending = pending.slice(size);
      },
      async cancel(reason) {
        await reader.cancel(reason);
      },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  });
}

/**
 * After the last frame the connection stays open for `ms` (default: until the client leaves), as a
 * proxy's keep-alive or a slow server teardown does. The SDK should finish after its `endGraceMs`.
 *
 * @example
 * emulator.use(lingerAfterEnd());
 */
export function lingerAfterEnd(ms = 2_147_483_647, options: FaultScope = {}): Fault {
  return streamFault(options, async function* (frames, signal) {
    yield* frames;
    await sleep(ms, signal).catch(() => {});
  });
}

/**
 * The last event loses its blank line (`data: {...}\n` then EOF), as some intermediaries send it.
 *
 * @example
 * emulator.use(stripFinalBlankLine());
 */
export function stripFinalBlankLine(options: FaultScope = {}): Fault {
  return streamFault(options, async function* (frames) {
    let previous: string | undefined;
    for await (const frame of frames) {
      if (previous !== undefined) yield previous;
      previous = frame;
    }
    if (previous !== undefined) yield previous.replace(/\n\n$/, '\n');
  });
}

/**
 * After `n` data frames, send only `: keepalive` comments (or `options.frame`, e.g. an empty `data:\n\n`
 * event) every `everyMs` for `ms`, then carry on: the connection is alive but the answer is not moving
 * (the idle timer must still fire).
 */
export function keepAliveOnlyAfter(n: number, everyMs: number, ms: number, options: FaultScope & { frame?: string } = {}): Fault {
  return streamFault(options, async function* (frames, signal) {
    let sent = 0;
    for await (const frame of frames) {
      if (isData(frame) && sent === n) {
        for (let waited = 0; waited < ms; waited += everyMs) {
          await sleep(everyMs, signal);
          yield options.frame ?? ': keepalive\n\n';
        }
      }
      if (isData(frame)) sent += 1;
      yield frame;
    }
  });
}
