/**
 * Every error the SDK throws, and the one factory that turns an HTTP response into the right class.
 *
 * All errors extend {@link SaaSLLMError} and carry a stable `code`, a `retryable` flag, and (once the
 * request pipeline has seen them) the `requestId`, SDK `operation`, HTTP `method`, `endpoint` template
 * and the number of `attempts` made.
 */
import { parseErrorBody, type ParsedErrorBody, type ValidationIssue } from './core/error-body.js';

export type { ValidationIssue } from './core/error-body.js';

/**
 * What the server may have done with a failed request, which decides whether a repeat is safe.
 * - `not-sent`: the request never reached the server (DNS, refused, open breaker).
 * - `refused`: the server answered and did nothing billable (408/429/502/503/504, `LLM call failed`).
 * - `ambiguous`: the request may have been processed (timeout or reset after sending, unexplained 5xx).
 */
export type SendState = 'not-sent' | 'refused' | 'ambiguous';

/** Where a timeout fired. */
export type TimeoutPhase = 'request' | 'stream-idle' | 'stream-total' | 'deadline';

/** Fields the request pipeline stamps on every error it lets out. */
export interface ErrorContext {
  requestId?: string | undefined;
  operation?: string | undefined;
  method?: string | undefined;
  endpoint?: string | undefined;
  jobId?: string | undefined;
  attempts?: number | undefined;
}

interface BaseErrorInit extends ErrorContext {
  cause?: unknown;
  retryable?: boolean;
  sendState?: SendState;
}

/** Base class of everything the SDK throws. */
export class SaaSLLMError extends Error {
  override name: string = 'SaaSLLMError';
  /** Stable machine-readable identifier, e.g. `rate_limited`. */
  readonly code: string;
  /** Whether repeating the same request later may succeed. */
  readonly retryable: boolean;
  /** What the server may have done with the request (see {@link SendState}). */
  readonly sendState: SendState;
  /** The `X-Request-ID` of the logical call (the server's, when it sent one). */
  requestId: string | undefined;
  /** The SDK method that failed, e.g. `chat`. */
  operation: string | undefined;
  /** HTTP method of the failed request. */
  method: string | undefined;
  /** Endpoint template, e.g. `/api/jobs/{job_id}/llm-call` (never with ids inlined). */
  endpoint: string | undefined;
  /** The job the request was about, when there was one. */
  jobId: string | undefined;
  /** How many attempts were made before this error was thrown. */
  attempts: number;
  /**
   * Set when the SDK tried to complete the job as `failed` after this error (stream auto-fail, `withJob`)
   * and that completion failed too: the job may still be open on the server.
   */
  completionError: unknown;

  constructor(code: string, message: string, init: BaseErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.retryable = init.retryable ?? false;
    this.sendState = init.sendState ?? 'refused';
    this.requestId = init.requestId;
    this.operation = init.operation;
    this.method = init.method;
    this.endpoint = init.endpoint;
    this.jobId = init.jobId;
    this.attempts = init.attempts ?? 1;
    this.completionError = undefined;
  }

  /** True when the server may have processed the request although it failed. */
  get ambiguous(): boolean {
    return this.sendState === 'ambiguous';
  }

  /** A plain, secret-free description (what `JSON.stringify` shows). */
  toJSON(): Record<string, unknown> {
    const { stack: _stack, cause: _cause, ...fields } = Object.fromEntries(Object.entries(this));
    return { name: this.name, message: this.message, ...fields, ambiguous: this.ambiguous };
  }
}

interface APIErrorInit extends ErrorContext {
  status: number;
  body: ParsedErrorBody;
  headers: Headers;
  retryable: boolean;
  sendState: SendState;
}

/** A response arrived with a non-2xx status. */
export class APIError extends SaaSLLMError {
  override name: string = 'APIError';
  /** HTTP status code. */
  readonly status: number;
  /** The server's explanation (FastAPI `detail`, an envelope `message`, or the text of a plain body). */
  readonly detail: string | undefined;
  /** Validation issues, for a 422 (and any body whose `detail` is a list). */
  readonly issues: ValidationIssue[] | undefined;
  /** Response headers. */
  readonly headers: Headers;
  /** The raw response body text (truncated to 2 KB). */
  readonly body: string;

  constructor(code: string, message: string, init: APIErrorInit) {
    super(code, message, init);
    this.status = init.status;
    this.detail = init.body.detail;
    this.issues = init.body.issues;
    this.headers = init.headers;
    this.body = init.body.raw.slice(0, 2048);
  }

  override toJSON(): Record<string, unknown> {
    const { headers: _headers, ...rest } = super.toJSON();
    return rest;
  }
}

/** 400 Bad Request. */
export class BadRequestError extends APIError {
  override name = 'BadRequestError';
}
/** 401: the virtual key is missing, malformed or unknown. */
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError';
}
/** 403: the key is valid but may not do this. */
export class PermissionDeniedError extends APIError {
  override name = 'PermissionDeniedError';
}
/** 403/402 about credits; also thrown by `withJob({ requireCredits })` before any job is created. */
export class InsufficientCreditsError extends PermissionDeniedError {
  override name = 'InsufficientCreditsError';
  /** Credits the team had, when known. */
  creditsRemaining: number | undefined;
  /** Credits the work needed, when known. */
  creditsNeeded: number | undefined;
}
/** 403 `Team access is suspended|paused`: every authenticated call fails until support reactivates the team. */
export class TeamInactiveError extends PermissionDeniedError {
  override name = 'TeamInactiveError';
  /** The team's status word, e.g. `suspended` or `paused`. */
  teamStatus: string | undefined;
}
/** 403: the team may not use the requested model alias or group (also for unknown model names). */
export class ModelAccessDeniedError extends PermissionDeniedError {
  override name = 'ModelAccessDeniedError';
  /** The model name the server refused. */
  model: string | undefined;
}
/** 404. */
export class NotFoundError extends APIError {
  override name = 'NotFoundError';
}
/** 409. */
export class ConflictError extends APIError {
  override name = 'ConflictError';
}
/** 422: the server rejected the request body or query; see `issues`. */
export class ValidationError extends APIError {
  override name = 'ValidationError';
}
/** 429 (from infrastructure in front of the API). */
export class RateLimitError extends APIError {
  override name = 'RateLimitError';
  /** How long the server asked us to wait, from `Retry-After`/`retry-after-ms`. */
  retryAfterMs: number | undefined;
}
/** 5xx. */
export class ServerError extends APIError {
  override name = 'ServerError';
}
/** 503. */
export class ServiceUnavailableError extends ServerError {
  override name = 'ServiceUnavailableError';
}

/** No response arrived: DNS failure, connection refused or reset. */
export class ConnectionError extends SaaSLLMError {
  override name = 'ConnectionError';
  constructor(message: string, init: BaseErrorInit = {}) {
    super('connection_error', message, { retryable: true, ...init });
  }
}

/** A timer ran out: per attempt, the whole-call deadline, or a stream's idle or total limit. */
export class TimeoutError extends SaaSLLMError {
  override name = 'TimeoutError';
  /** The limit that was exceeded, in ms. */
  readonly timeoutMs: number;
  /** Which limit. */
  readonly phase: TimeoutPhase;
  /** For stream timeouts: the text received before the stall. */
  partialContent: string | undefined;
  /** For stream timeouts: chunks received before the stall. */
  chunkCount: number | undefined;
  constructor(message: string, init: BaseErrorInit & { timeoutMs: number; phase: TimeoutPhase }) {
    super('timeout', message, { retryable: init.phase === 'request', sendState: 'ambiguous', ...init });
    this.timeoutMs = init.timeoutMs;
    this.phase = init.phase;
  }
}

/** The caller's `AbortSignal` fired. Never retried. */
export class RequestAbortedError extends SaaSLLMError {
  override name = 'RequestAbortedError';
  constructor(message: string, init: BaseErrorInit = {}) {
    super('aborted', message, { retryable: false, sendState: 'ambiguous', ...init });
  }
}

/** The circuit breaker is open: nothing was sent. */
export class CircuitOpenError extends SaaSLLMError {
  override name = 'CircuitOpenError';
  /** Time until the breaker lets a probe through. */
  readonly retryAfterMs: number;
  constructor(message: string, init: BaseErrorInit & { retryAfterMs: number }) {
    super('circuit_open', message, { retryable: true, sendState: 'not-sent', ...init });
    this.retryAfterMs = init.retryAfterMs;
  }
}

interface StreamErrorInit extends BaseErrorInit {
  partialContent: string;
  chunkCount: number;
}

/** The server sent an SSE `{"error": "..."}` frame. */
export class StreamError extends SaaSLLMError {
  override name = 'StreamError';
  /** The text received before the error frame. */
  readonly partialContent: string;
  /** Chunks received before the error frame. */
  readonly chunkCount: number;
  /** The server's error text. */
  readonly detail: string;
  constructor(detail: string, message: string, init: StreamErrorInit) {
    super('stream_error', message, { retryable: false, ...init });
    this.detail = detail;
    this.partialContent = init.partialContent;
    this.chunkCount = init.chunkCount;
  }
}

/** The stream ended or broke before its end marker. */
export class StreamInterruptedError extends SaaSLLMError {
  override name = 'StreamInterruptedError';
  /** The text received before the stream broke. */
  readonly partialContent: string;
  /** Chunks received before the stream broke. */
  readonly chunkCount: number;
  constructor(message: string, init: StreamErrorInit) {
    super('stream_interrupted', message, { retryable: false, sendState: 'ambiguous', ...init });
    this.partialContent = init.partialContent;
    this.chunkCount = init.chunkCount;
  }
}

/** An issue found in input before sending. */
export interface InputIssue {
  /** Dotted path of the offending field, e.g. `messages.0.role`. */
  path: string;
  message: string;
}

/** Bad input caught before anything was sent. */
export class InvalidRequestError extends SaaSLLMError {
  override name = 'InvalidRequestError';
  /** Every problem found. */
  readonly issues: InputIssue[];
  constructor(message: string, init: BaseErrorInit & { issues: InputIssue[] }) {
    super('invalid_request', message, { retryable: false, sendState: 'not-sent', ...init });
    this.issues = init.issues;
  }
}

/** A 2xx body that does not match the documented schema. Never retried. */
export class ResponseValidationError extends SaaSLLMError {
  override name = 'ResponseValidationError';
  /** What did not match. */
  readonly issues: InputIssue[];
  /** The body as received (truncated to 4 KB). */
  readonly body: string;
  constructor(message: string, init: BaseErrorInit & { issues: InputIssue[]; body: string }) {
    super('response_validation', message, { retryable: false, ...init });
    this.issues = init.issues;
    this.body = init.body.slice(0, 4096);
  }
}

// ---------------------------------------------------------------------------------------------
// The factory

const PERMANENT_SERVER_FAILURES = [/No provider credentials configured/i, /authentication failed/i];
const TEAM_INACTIVE = /^Team access is (\w+)\./;
const MODEL_DENIED = /does not have access to model (?:alias|group) '([^']*)'/;
const MODEL_GROUP_UNUSABLE = /^(?:Model group '([^']*)' not found or inactive|No active models configured for group '([^']*)')/;
/** About running out of credits (not "Cannot access credit balance for a different team"). */
const CREDITS = /insufficient credits|not enough credits|out of credits|no credits|credit limit|credits? (?:exhausted|required)/i;

/** Inputs of {@link errorFromResponse}. */
export interface ResponseErrorInput extends ErrorContext {
  status: number;
  statusText?: string | undefined;
  bodyText: string;
  headers: Headers;
  /** `Date.now()` at receipt, for HTTP-date `Retry-After`. */
  now?: number | undefined;
}

/**
 * Map a non-2xx response to its error class. Pure: it reads status, body text and headers only.
 */
export function errorFromResponse(input: ResponseErrorInput): APIError {
  const body = parseErrorBody(input.bodyText, input.headers.get('content-type'));
  const { status } = input;
  const detail = body.detail;
  const requestId = readRequestId(input.headers) ?? body.requestId ?? input.requestId;
  const sendState = sendStateOf(status, detail);
  const retryable = isRetryableStatus(status, detail);
  const init: APIErrorInit = { ...input, requestId, status, body, headers: input.headers, retryable, sendState };
  const message = (hint: string) => describe(input, detail, hint);

  switch (true) {
    case status === 400:
      return new BadRequestError('bad_request', message('Check the request parameters.'), init);
    case status === 401:
      return new AuthenticationError(
        'authentication_failed',
        message('Check the virtual key (option `virtualKey` or SAAS_LITELLM_VIRTUAL_KEY).'),
        init,
      );
    case status === 402 || (status === 403 && detail !== undefined && CREDITS.test(detail) && !TEAM_INACTIVE.test(detail)):
      return new InsufficientCreditsError('insufficient_credits', message('Add credits to the team or reduce usage.'), init);
    case status === 403: {
      const inactive = detail?.match(TEAM_INACTIVE);
      if (inactive) {
        const error = new TeamInactiveError('team_inactive', message('Contact support to reactivate the team.'), init);
        error.teamStatus = inactive[1];
        return error;
      }
      const denied = detail?.match(MODEL_DENIED) ?? detail?.match(MODEL_GROUP_UNUSABLE);
      if (denied) {
        const error = new ModelAccessDeniedError(
          'model_access_denied',
          message('Use a model alias or group assigned to the team (see listModels()).'),
          init,
        );
        error.model = denied[1] ?? denied[2];
        return error;
      }
      return new PermissionDeniedError('permission_denied', message('The key may not access this resource.'), init);
    }
    case status === 404:
      return new NotFoundError('not_found', message('Check the id or name.'), init);
    case status === 409:
      return new ConflictError('conflict', message(''), init);
    case status === 422: {
      const first = body.issues?.[0];
      const hint = first ? `First issue: ${first.loc.join('.')}: ${first.msg}.` : '';
      return new ValidationError('validation_failed', message(hint), init);
    }
    case status === 429: {
      const error = new RateLimitError('rate_limited', message('Slow down and retry later.'), init);
      error.retryAfterMs = retryAfterMs(input.headers, input.now ?? Date.now());
      return error;
    }
    case status === 503:
      return new ServiceUnavailableError('service_unavailable', message('The service is unavailable; retry later.'), init);
    case status >= 500:
      return new ServerError(
        retryable ? 'server_error' : 'server_error_permanent',
        message(retryable ? 'The server failed; retrying may help.' : 'This is a configuration problem on the server; retrying will not help.'),
        init,
      );
    case status === 408:
      return new APIError('request_timeout', message('The server timed out waiting; retry.'), init);
    default:
      return new APIError(`http_${status}`, message(''), init);
  }
}

/** Whether a status (with the server's detail) may succeed if repeated. */
function isRetryableStatus(status: number, detail: string | undefined): boolean {
  if ([408, 429, 502, 503, 504].includes(status)) return true;
  if (status === 500) return !PERMANENT_SERVER_FAILURES.some((pattern) => detail !== undefined && pattern.test(detail));
  return false;
}

/**
 * The server records a failed, uncharged call before answering `LLM call failed`; the edge statuses never
 * reach the app. Any other 5xx may have happened after the work was done.
 */
function sendStateOf(status: number, detail: string | undefined): SendState {
  if (status >= 500 && status !== 502 && status !== 503 && status !== 504) {
    return detail?.startsWith('LLM call failed') ? 'refused' : 'ambiguous';
  }
  return 'refused';
}

function describe(input: ResponseErrorInput, detail: string | undefined, hint: string): string {
  const where = [input.operation ? `${input.operation}()` : undefined, input.method, input.endpoint].filter(Boolean).join(' ');
  const statusText = input.statusText ? ` ${input.statusText}` : '';
  const said = detail ? `: ${detail}` : '';
  return `${where} failed with ${input.status}${statusText}${said}${said && !said.endsWith('.') ? '.' : ''}${hint ? ` ${hint}` : ''}`;
}

/** Request id from response headers, if the server or a proxy sent one. */
export function readRequestId(headers: Headers): string | undefined {
  return headers.get('x-request-id') ?? headers.get('request-id') ?? undefined;
}

/**
 * Wait the server asked for: `retry-after-ms`, else `Retry-After` in seconds or as an HTTP date.
 * Returns undefined when absent or unparseable.
 */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// ---------------------------------------------------------------------------------------------
// Guards

/** True for any error thrown by this SDK. */
export function isSaaSLLMError(error: unknown): error is SaaSLLMError {
  return error instanceof SaaSLLMError;
}

/** True for an error that carries an HTTP response. */
export function isAPIError(error: unknown): error is APIError {
  return error instanceof APIError;
}
