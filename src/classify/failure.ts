/**
 * A rejected fetch becomes a typed error. Which timer or signal fired decides the class; the system error
 * code decides whether the request can have reached the server.
 */
import { ConnectionError, InvalidRequestError, RequestAbortedError, SaaSLLMError, TimeoutError, type ErrorContext, type SendState } from '../errors/index.js';

/** The signals an attempt listened to, and the call it belongs to. */
/** What classifying needs of a timer: whether it ran out, and its length (not the timer itself). */
interface ExpiringTimer {
  readonly fired: boolean;
  readonly ms: number;
}

export interface AttemptSignals {
  caller: AbortSignal | undefined;
  deadline: ExpiringTimer | undefined;
  attempt: ExpiringTimer | undefined;
  /** Describes the call in messages: `chat() POST /api/jobs/{job_id}/llm-call`. */
  where: string;
  /** The server's origin, named in a connection failure (which is most often a wrong URL or port). */
  origin: string;
  context: ErrorContext;
  /** Keeps the key out of a message built from a runtime error's text. */
  redact: (text: string) => string;
  /** The failure came before the request was handed to `fetch` (the SDK's own code, or a feature the runtime lacks). */
  unsent?: boolean;
}

/** Codes that mean the connection never carried the request. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_INVALID_URL',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

export function classifyFailure(error: unknown, signals: AttemptSignals): SaaSLLMError {
  if (error instanceof SaaSLLMError) return error;
  const { where, context } = signals;
  if (signals.caller?.aborted) {
    return new RequestAbortedError(`${where} was aborted by the caller.`, { ...context, cause: signals.caller.reason });
  }
  if (signals.deadline?.fired) {
    return new TimeoutError(`${where} exceeded its deadline of ${signals.deadline.ms} ms.`, { ...context, timeoutMs: signals.deadline.ms, phase: 'deadline' });
  }
  if (signals.attempt?.fired) {
    return new TimeoutError(`${where} timed out after ${signals.attempt.ms} ms without a response. Raise \`timeoutMs\` if the call is expected to take longer.`, {
      ...context,
      timeoutMs: signals.attempt.ms,
      phase: 'request',
    });
  }
  const cause = redactCause(unwrapTransportError(error), signals.redact);
  if (signals.unsent === true) {
    // Nothing left the process: a local failure, never retried, never counted by a breaker.
    const reason = signals.redact(cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause));
    return new InvalidRequestError(`${where} could not be sent: it failed before the request left (${reason}). Nothing was sent.`, {
      ...context,
      cause,
      issues: [{ path: '(request)', message: reason }],
    });
  }
  const code = systemCode(cause);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    const what = code === 'UND_ERR_HEADERS_TIMEOUT' ? 'response headers (undici headersTimeout)' : 'the rest of the body (undici bodyTimeout)';
    return new TimeoutError(
      `${where} timed out: the runtime's fetch stopped waiting for ${what} after its own limit of 300 s, before \`timeoutMs\` (${signals.attempt?.ms ?? 'none'} ms). To wait longer, pass a \`fetch\` with an undici Agent whose limit is higher.`,
      { ...context, cause, timeoutMs: 300_000, phase: 'request' },
    );
  }
  if (isLocalFailure(cause, code)) {
    // fetch refused the request before sending it (a header value, a URL, a body it cannot take):
    // nothing reached the server, so nothing to retry and nothing for the breaker to count.
    const reason = isBlockedPort(cause as TypeError)
      ? `the URL's port is one the fetch standard blocks (bad port); use another port`
      : cause instanceof Error
        ? cause.message
        : String(cause);
    return new InvalidRequestError(`${where} could not be sent: ${signals.redact(reason)}. Nothing was sent.`, {
      ...context,
      cause,
      issues: [{ path: '(request)', message: signals.redact(reason) }],
    });
  }
  if (isRefusedRedirect(cause)) {
    // The server answered before acting on the call; the same URL answers the same way, so no retry.
    return new ConnectionError(
      `${where} failed: ${signals.origin} answered with a redirect, which the SDK does not follow (a redirected POST is turned into a GET or sent a second time). Set \`baseUrl\` to the address it redirects to.`,
      { ...context, cause, retryable: false, sendState: 'refused' },
    );
  }
  const sendState: SendState = code !== undefined && NOT_SENT_CODES.has(code) ? 'not-sent' : 'ambiguous';
  const reason = signals.redact(code ?? (cause instanceof Error ? cause.message : String(cause)));
  return new ConnectionError(`${where} failed: no response from ${signals.origin} (${reason}). Check the URL and the network.`, { ...context, cause, sendState });
}

/**
 * Node's fetch reports every network failure as `TypeError('fetch failed')` with the socket error as its
 * cause; browsers as a bare `TypeError` ("Failed to fetch", "Load failed", "NetworkError when attempting
 * to fetch resource"). A request fetch refuses to build (a header value, a URL, a body) is a `TypeError`
 * too, thrown before anything is sent: only those words make it the caller's.
 */
const LOCAL_REFUSAL = /invalid|cannot be constructed|failed to parse|failed to (?:execute|read)|not a valid|ISO-8859-1|ByteString|cannot have body/i;

function isLocalFailure(cause: unknown, code: string | undefined): boolean {
  return cause instanceof TypeError && code === undefined && ((cause.cause === undefined && LOCAL_REFUSAL.test(cause.message)) || isBlockedPort(cause));
}

/** Node's fetch refusing a redirect (the SDK's requests do there: transport/ky.ts): `fetch failed` caused by `unexpected redirect`. */
function isRefusedRedirect(cause: unknown): boolean {
  return cause instanceof Error && cause.cause instanceof Error && cause.cause.message === 'unexpected redirect';
}

/** undici refuses the ports the fetch standard blocks (1, 25, 6000, …) before connecting: `fetch failed` caused by `bad port`. */
function isBlockedPort(cause: TypeError): boolean {
  return cause.cause instanceof Error && cause.cause.message === 'bad port';
}

/** A runtime error whose text echoes the key (a proxy's message) is replaced by a copy without it. */
function redactCause(cause: unknown, redact: (text: string) => string): unknown {
  if (!(cause instanceof Error)) return cause;
  const inner = redactCause(cause.cause, redact);
  const message = redact(cause.message);
  if (message === cause.message && inner === cause.cause) return cause;
  const copy = new Error(message, inner === undefined ? undefined : { cause: inner });
  copy.name = cause.name;
  const code = (cause as { code?: unknown }).code;
  if (code !== undefined) Object.assign(copy, { code });
  copy.stack = redact(cause.stack ?? '');
  return copy;
}

/** ky wraps network failures with the Request attached (headers included): keep only the raw cause. */
function unwrapTransportError(error: unknown): unknown {
  if (error instanceof Error && 'request' in error && error.cause !== undefined) return error.cause;
  return error;
}

/** The first `code` found along the cause chain (undici puts the socket's code on `cause`). */
function systemCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Object; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
