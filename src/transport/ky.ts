/**
 * ky as the transport: one instance per client, holding the API prefix, joining paths and search
 * params. Its own retry and timeout are off and it never throws for a status: retries, timeouts and
 * classification are the SDK's policies.
 */
import ky, { type KyInstance, type Options } from 'ky';
import { runtimeFetch } from '../options/defaults.js';
import type { FetchLike } from '../options/types.js';

/** One attempt, as the pipeline hands it over. */
export interface TransportRequest {
  /** Path below the origin, with ids filled in, e.g. `/api/jobs/0f0e…/llm-call`. */
  path: string;
  searchParams: Readonly<Record<string, string | number>> | undefined;
  method: string;
  /** Every header of the attempt, the client's defaults included. */
  headers: Record<string, string>;
  /** The JSON body, already serialised. */
  body: string | undefined;
  /** The one signal that ends the attempt: the attempt timer, or it combined with the caller's and the deadline. */
  signal: AbortSignal;
  /** Set when the request is handed to `fetch`: a failure before that is local (nothing was sent). */
  sent?: boolean;
}

export type Transport = (request: TransportRequest) => Promise<Response>;

/** Where an attempt's body and signal travel past ky: ky forwards unknown options to its `fetch`. */
const WIRE = 'saasLitellmWire';

/**
 * Whether requests sent through the runtime's own `fetch` refuse redirects: on Node with undici 7.23 or
 * later (Node 24). Node's fetch copies every request that may follow a redirect, as the fetch standard says: a
 * second Request with its headers and a tee of its body, held until the response ends. A stream keeps
 * that copy for its whole life: 5.0 KB of the heap per open stream (heap snapshots of 200 open streams,
 * plain `fetch`: 29.8 → 24.8 KB each), and each call makes one. The standard skips the copy for a request
 * with no window whose redirect mode is `error`. A JSON API that redirects means a wrong `baseUrl` (a
 * redirected POST turns into a GET or is sent twice), so the refusal is reported as that
 * (classify/failure.ts).
 * - Not on undici 6 (Node 22) or before 7.23: there a request that cannot follow a redirect is collected
 *   while its body is read, and the signal's abort no longer reaches the body (test/gc-hang.test.ts fails
 *   on Node 22).
 * - Not through a `fetch` of the user's: it may be undici 6 from npm, or follow redirects on purpose.
 * - Not elsewhere: workerd refuses `redirect: 'error'`, and a browser reports the refusal as a bare network
 *   error. Node is told by its `navigator.userAgent` (`Node.js/24`): Deno, Bun and workerd answer as
 *   themselves even with Node's APIs on.
 */
const runtime = globalThis as { navigator?: { userAgent?: unknown }; process?: { versions?: { undici?: unknown } } };
const userAgent = runtime.navigator?.userAgent;
const undici = runtime.process?.versions?.undici;
const NODE_FETCH_SKIPS_COPY = typeof userAgent === 'string' && userAgent.startsWith('Node.js/') && typeof undici === 'string' && keepsRequestAlive(undici);

/** undici 7.23 keeps a request that refuses redirects alive for its whole fetch (nodejs/undici#4627, fixed by #4750); 6.x does not. */
function keepsRequestAlive(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 7 || (major === 7 && minor >= 23);
}

/**
 * The `fetch` ky calls. ky hands it a `Request` it built; passing that object on to Node's fetch is what
 * this avoids:
 * - Node's fetch builds its own Request from it, whose signal follows the given one through a weak
 *   reference. Once ky's Request is unreachable (the headers arrived, the body stalls, a GC runs), the
 *   link is gone: the timeout, the deadline and the caller's signal no longer end the call, the socket
 *   stays open and the process cannot exit. Upstream: nodejs/node#55428, nodejs/undici#4068, fix pending
 *   in nodejs/undici#4984. `fetch(url, init)` keeps its Request alive for the whole call (covered by
 *   test/gc-hang.test.ts under `--expose-gc`).
 * - It would also pipe a POST body through a TransformStream to copy it into the new Request.
 * So the request goes out as `fetch(url, init)`, with the method and URL ky built, and the headers, body
 * string and signal the pipeline owns. The headers go as a plain object: handing fetch ky's `Headers`
 * measured 13% more CPU instructions per call (bench/call-loop.ts under callgrind).
 */
function sendDirect(fetch: FetchLike): FetchLike {
  const refuseRedirects = NODE_FETCH_SKIPS_COPY && fetch === runtimeFetch;
  return (input, init) => {
    const request = input as Request;
    const wire = (init as Record<string, unknown> | undefined)?.[WIRE] as TransportRequest;
    wire.sent = true;
    const sent: RequestInit = { method: request.method, headers: wire.headers, body: wire.body ?? null, signal: wire.signal };
    if (refuseRedirects) {
      sent.redirect = 'error';
      sent.window = null;
    }
    return untilAborted(fetch(request.url, sent), wire.signal);
  };
}

/**
 * The response, or the signal's reason as soon as it aborts, whatever the `fetch` does with the signal.
 * A `fetch` of the user's (a wrapper, a mock, the testing emulator) that passes the signal on through
 * `new Request(input, init)` holds it through the same weak reference as above: after a GC its abort
 * reaches nobody and, without this, the timeout would not end the call. The listener sits on the
 * pipeline's own signal, which its timer keeps alive, so it also keeps the pending call reachable.
 */
function untilAborted(sent: Promise<Response>, signal: AbortSignal): Promise<Response> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    sent.then(
      (response) => {
        signal.removeEventListener('abort', onAbort);
        resolve(response);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export function createKyTransport(origin: string, fetch: FetchLike): Transport {
  const http: KyInstance = ky.create({ prefix: origin, retry: 0, timeout: false, throwHttpErrors: false, fetch: sendDirect(fetch) });
  return (request) => {
    const options: Options & { [WIRE]: TransportRequest } = { method: request.method, [WIRE]: request };
    if (request.searchParams !== undefined) options.searchParams = request.searchParams;
    return http(request.path.slice(1), options);
  };
}
