/**
 * Fault scenarios: middleware for the emulator (`createEmulator({ faults: [...] })` or
 * `emulator.use(...)`), so code can be tested against the failures production sees. Each applies to
 * matching requests only, `times` times (then passes them through), and composes with the others.
 */
import { EmulatedNetworkError, type Fault } from './emulator.js';
import { sleep } from '../policies/timers.js';
import { errorFrame as serverErrorFrame } from './sse.js';
import { seededRandom } from './random.js';

/** Which requests a fault applies to, and how often. */
export interface FaultScope {
  /** How many matching requests to affect before passing them through. @default Infinity */
  times?: number;
  /**
   * The share of matching requests to affect, from 0 to 1, drawn from a generator seeded with `seed`:
   * the same seed fails the same requests in every run. Combines with `times` (at most `times` of them).
   * @default 1 (every matching request)
   */
  rate?: number;
  /** Seed of the `rate` draws. @default 1 */
  seed?: number;
  /** Only requests whose path equals this string or matches this pattern. @default every request */
  path?: string | RegExp;
  /** Only this HTTP method. */
  method?: string;
}

/**
 * Wrap `respond` so that it runs for matching requests while `times` lasts, on the `rate` share of them.
 * The fault's `reset()` (called by `emulator.reset()`) restores `times` and the seed.
 */
export function scopedFault(scope: FaultScope, respond: Fault): Fault {
  const { times = Number.POSITIVE_INFINITY, rate = 1, seed = 1 } = scope;
  if (!(times >= 0)) throw new RangeError(`fault: \`times\` must be 0 or more (got ${String(times)})`);
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`fault: \`rate\` must be between 0 and 1 (got ${String(rate)})`);
  if (!Number.isFinite(seed)) throw new RangeError(`fault: \`seed\` must be a finite number (got ${String(seed)})`);
  let remaining = times;
  let draw = seededRandom(seed);
  const fault: Fault = async (request, next) => {
    const path = new URL(request.url).pathname;
    const matches =
      (scope.method === undefined || scope.method.toUpperCase() === request.method) &&
      (scope.path === undefined || (typeof scope.path === 'string' ? scope.path === path : scope.path.test(path)));
    if (!matches || remaining <= 0) return next(request);
    if (rate < 1 && draw() >= rate) return next(request);
    remaining -= 1;
    return respond(request, next);
  };
  fault.reset = () => {
    remaining = times;
    draw = seededRandom(seed);
  };
  return fault;
}

/**
 * 429 Too Many Requests, as an edge proxy sends it (the app itself never does).
 *
 * @example
 * emulator.use(rateLimited({ times: 2, retryAfter: 1 }));   // two 429s with `Retry-After: 1`, then normal answers
 */
export function rateLimited(options: FaultScope & { retryAfter?: number | string; retryAfterMs?: number } = {}): Fault {
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
  if (options.retryAfter !== undefined) headers['retry-after'] = String(options.retryAfter);
  if (options.retryAfterMs !== undefined) headers['retry-after-ms'] = String(options.retryAfterMs);
  return scopedFault(options, async () => new Response('Too Many Requests', { status: 429, headers }));
}

/**
 * Server errors: `status` (default 503) with `body` (a string is sent as text/plain, anything else as JSON).
 *
 * @example
 * emulator.use(serverErrors({ times: 3, status: 502, body: '<html><title>502 Bad Gateway</title></html>' }));
 */
export function serverErrors(options: FaultScope & { status?: number; body?: unknown; headers?: Record<string, string> } = {}): Fault {
  const status = options.status ?? 503;
  return scopedFault(options, async () => {
    const body = options.body ?? { detail: 'Service Unavailable' };
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const contentType = typeof body === 'string' ? (/^\s*</.test(body) ? 'text/html' : 'text/plain; charset=utf-8') : 'application/json';
    return new Response(text, { status, headers: { 'content-type': contentType, ...options.headers } });
  });
}

/** The server's unhandled-exception answer: 500 `Internal Server Error` as text/plain. */
export function plainTextError(options: FaultScope = {}): Fault {
  return serverErrors({ ...options, status: 500, body: 'Internal Server Error' });
}

/**
 * Delay matching requests by `ms` before handling them (fake timers drive it); an aborted request
 * stops waiting.
 */
export function slow(ms: number, scope: FaultScope = {}): Fault {
  return scopedFault(scope, async (request, next) => {
    await sleep(ms, request.signal);
    return next(request);
  });
}

/**
 * The connection fails with no response. `code` picks what the client sees: `ECONNREFUSED` (never
 * sent) or `ECONNRESET` (default: the request may have been processed). With `afterHandling: true`
 * the request is processed first and the answer lost, as when a connection drops mid-response.
 */
export function networkError(options: FaultScope & { code?: string; afterHandling?: boolean } = {}): Fault {
  return scopedFault(options, async (request, next) => {
    if (options.afterHandling) await next(request);
    throw new EmulatedNetworkError(options.code ?? 'ECONNRESET');
  });
}

/**
 * The server does the work and stores it, then the answer is lost: the connection resets (`as: 'reset'`,
 * default) or never answers until the client gives up (`as: 'timeout'`). A stream's body is read to its end
 * first, as the server finishes a single-call stream job before the response ends. The client cannot
 * tell this from a failure before the server acted: what it does next decides whether a job is charged
 * twice or left open.
 *
 * @example
 * emulator.use(loseAnswer({ path: /\/complete$/, times: 2 }));   // the first two completions happen, their answers are lost
 */
export function loseAnswer(options: FaultScope & { as?: 'reset' | 'timeout' } = {}): Fault {
  return scopedFault(options, async (request, next) => {
    const response = await next(request);
    await response.arrayBuffer().catch(() => {});
    if (options.as !== 'timeout') throw new EmulatedNetworkError('ECONNRESET');
    return new Promise<never>((_, reject) => {
      const signal = request.signal;
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Stream faults: they rewrite the frames of an event-stream answer (other answers pass unchanged).

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
