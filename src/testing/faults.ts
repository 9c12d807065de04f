/**
 * Fault scenarios: middleware for the emulator (`createEmulator({ faults: [...] })` or
 * `emulator.use(...)`), so code can be tested against the failures production sees. Each applies to
 * matching requests only, `times` times (then passes them through), and composes with the others.
 */
import { EmulatedNetworkError, type Fault } from './emulator.js';
import { sleep } from '../base/timers.js';
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
