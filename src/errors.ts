/**
 * Every error the SDK throws: the class hierarchy and nothing else. Which class a response or a failed
 * fetch becomes is decided in `classify/`. Each error is built complete by its constructor: the call's
 * context (request id, operation, endpoint, attempts) comes in with everything else.
 */

/**
 * What the server may have done with a failed request, which decides whether a repeat is safe.
 * - `not-sent`: the request never reached the server (DNS, refused, open breaker).
 * - `refused`: the server answered and did nothing billable (408/429/502/503/504, `LLM call failed`).
 * - `ambiguous`: the request may have been processed (timeout or reset after sending, unexplained 5xx).
 */
export type SendState = 'not-sent' | 'refused' | 'ambiguous';

/** Where a timeout fired. */
export type TimeoutPhase = 'request' | 'stream-idle' | 'stream-total' | 'deadline';

/** The stable `code` of every error, for `switch` statements and metrics. */
export type ErrorCode =
  | 'bad_request'
  | 'authentication_failed'
  | 'permission_denied'
  | 'insufficient_credits'
  | 'team_inactive'
  | 'model_access_denied'
  | 'not_found'
  | 'conflict'
  | 'validation_failed'
  | 'rate_limited'
  | 'request_timeout'
  | 'server_error'
  | 'server_error_permanent'
  | 'service_unavailable'
  | `http_${number}`
  | 'connection_error'
  | 'timeout'
  | 'aborted'
  | 'circuit_open'
  | 'stream_error'
  | 'stream_interrupted'
  | 'stream_consumed'
  | 'invalid_request'
  | 'response_validation';

type PermissionDeniedName = 'PermissionDeniedError' | 'InsufficientCreditsError' | 'TeamInactiveError' | 'ModelAccessDeniedError';
type ServerErrorName = 'ServerError' | 'ServiceUnavailableError';
type APIErrorName =
  | 'APIError'
  | 'BadRequestError'
  | 'AuthenticationError'
  | PermissionDeniedName
  | 'NotFoundError'
  | 'ConflictError'
  | 'ValidationError'
  | 'RateLimitError'
  | ServerErrorName;

/** The `name` of every error class. */
export type SaaSLLMErrorName =
  | 'SaaSLLMError'
  | APIErrorName
  | 'ConnectionError'
  | 'TimeoutError'
  | 'RequestAbortedError'
  | 'CircuitOpenError'
  | 'StreamError'
  | 'StreamInterruptedError'
  | 'InvalidRequestError'
  | 'ResponseValidationError';

/** Which call an error belongs to; the pipeline passes it to every error it builds. */
export interface ErrorContext {
  requestId?: string | undefined;
  operation?: string | undefined;
  method?: string | undefined;
  endpoint?: string | undefined;
  jobId?: string | undefined;
  attempts?: number | undefined;
}

export interface SaaSLLMErrorInit extends ErrorContext {
  cause?: unknown;
  retryable?: boolean;
  sendState?: SendState;
}

/** Base class of everything the SDK throws. */
export class SaaSLLMError extends Error {
  override name: SaaSLLMErrorName = 'SaaSLLMError';
  /** Stable machine-readable identifier, e.g. `rate_limited`. */
  readonly code: ErrorCode;
  /** Whether repeating the same request later may succeed. */
  readonly retryable: boolean;
  /** What the server may have done with the request (see {@link SendState}). */
  readonly sendState: SendState;
  /** The `X-Request-ID` of the logical call (the server's, when it sent one). */
  readonly requestId: string | undefined;
  /** The SDK method that failed, e.g. `chat`. */
  readonly operation: string | undefined;
  /** HTTP method of the failed request. */
  readonly method: string | undefined;
  /** Endpoint template, e.g. `/api/jobs/{job_id}/llm-call` (never with ids inlined). */
  readonly endpoint: string | undefined;
  /** The job the request was about, when there was one. */
  readonly jobId: string | undefined;
  /** How many attempts were made before this error was thrown. */
  readonly attempts: number;
  /**
   * Set when the SDK tried to complete the job as `failed` after this error (stream auto-fail, `withJob`)
   * and that completion failed too: the job may still be open on the server.
   */
  completionError: unknown;

  constructor(code: ErrorCode, message: string, init: SaaSLLMErrorInit = {}) {
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

/** One validation issue of a 422, normalised from pydantic v2 (`type: "missing"`) or v1 (`type: "value_error.missing"`). */
export interface ValidationIssue {
  loc: Array<string | number>;
  msg: string;
  type: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

export interface APIErrorInit extends ErrorContext {
  status: number;
  /** The server's explanation, when one could be read. */
  detail: string | undefined;
  issues: ValidationIssue[] | undefined;
  /** The raw body text (already redacted). */
  body: string;
  headers: Headers;
  retryable: boolean;
  sendState: SendState;
  cause?: unknown;
}

/** A response arrived with a non-2xx status. */
export class APIError extends SaaSLLMError {
  override name: APIErrorName = 'APIError';
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

  constructor(code: ErrorCode, message: string, init: APIErrorInit) {
    super(code, message, init);
    this.status = init.status;
    this.detail = init.detail;
    this.issues = init.issues;
    this.headers = init.headers;
    this.body = init.body.slice(0, 2048);
  }

  override toJSON(): Record<string, unknown> {
    const { headers: _headers, ...rest } = super.toJSON();
    return rest;
  }
}

/** 400 Bad Request. */
export class BadRequestError extends APIError {
  override name = 'BadRequestError' as const;
  constructor(message: string, init: APIErrorInit) {
    super('bad_request', message, init);
  }
}

/** 401: the virtual key is missing, malformed or unknown. */
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError' as const;
  constructor(message: string, init: APIErrorInit) {
    super('authentication_failed', message, init);
  }
}

/** 403: the key is valid but may not do this. */
export class PermissionDeniedError extends APIError {
  override name: PermissionDeniedName = 'PermissionDeniedError';
  constructor(message: string, init: APIErrorInit, code: ErrorCode = 'permission_denied') {
    super(code, message, init);
  }
}

/** 403/402 about credits; also thrown by `withJob({ requireCredits })` before any job is created. */
export class InsufficientCreditsError extends PermissionDeniedError {
  override name = 'InsufficientCreditsError' as const;
  /** Credits the team had, when known. */
  readonly creditsRemaining: number | undefined;
  /** Credits the work needed, when known. */
  readonly creditsNeeded: number | undefined;
  constructor(message: string, init: APIErrorInit & { creditsRemaining?: number | undefined; creditsNeeded?: number | undefined }) {
    super(message, init, 'insufficient_credits');
    this.creditsRemaining = init.creditsRemaining;
    this.creditsNeeded = init.creditsNeeded;
  }
}

/** 403 `Team access is suspended|paused`: every authenticated call fails until support reactivates the team. */
export class TeamInactiveError extends PermissionDeniedError {
  override name = 'TeamInactiveError' as const;
  /** The team's status word, e.g. `suspended` or `paused`. */
  readonly teamStatus: string | undefined;
  constructor(message: string, init: APIErrorInit & { teamStatus: string | undefined }) {
    super(message, init, 'team_inactive');
    this.teamStatus = init.teamStatus;
  }
}

/** 403: the team may not use the requested model alias or group (also for unknown model names). */
export class ModelAccessDeniedError extends PermissionDeniedError {
  override name = 'ModelAccessDeniedError' as const;
  /** The model name the server refused. */
  readonly model: string | undefined;
  constructor(message: string, init: APIErrorInit & { model: string | undefined }) {
    super(message, init, 'model_access_denied');
    this.model = init.model;
  }
}

/** 404. */
export class NotFoundError extends APIError {
  override name = 'NotFoundError' as const;
  constructor(message: string, init: APIErrorInit) {
    super('not_found', message, init);
  }
}

/** 409. */
export class ConflictError extends APIError {
  override name = 'ConflictError' as const;
  constructor(message: string, init: APIErrorInit) {
    super('conflict', message, init);
  }
}

/** 422: the server rejected the request body or query; see `issues`. */
export class ValidationError extends APIError {
  override name = 'ValidationError' as const;
  constructor(message: string, init: APIErrorInit) {
    super('validation_failed', message, init);
  }
}

/** 429 (from infrastructure in front of the API). */
export class RateLimitError extends APIError {
  override name = 'RateLimitError' as const;
  /** How long the server asked us to wait, from `Retry-After`/`retry-after-ms`. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, init: APIErrorInit & { retryAfterMs: number | undefined }) {
    super('rate_limited', message, init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** 5xx. `code` is `server_error_permanent` when the server's text says a repeat cannot help. */
export class ServerError extends APIError {
  override name: ServerErrorName = 'ServerError';
}

/** 503. */
export class ServiceUnavailableError extends ServerError {
  override name = 'ServiceUnavailableError' as const;
  constructor(message: string, init: APIErrorInit) {
    super('service_unavailable', message, init);
  }
}

/** No response arrived: DNS failure, connection refused or reset. */
export class ConnectionError extends SaaSLLMError {
  override name = 'ConnectionError' as const;
  constructor(message: string, init: SaaSLLMErrorInit = {}) {
    super('connection_error', message, { retryable: true, ...init });
  }
}

/** What a stream had received when it failed. */
export interface PartialStream {
  /** The answer text received before the failure. */
  partialContent: string;
  /** Chunks received before the failure. */
  chunkCount: number;
}

/** A timer ran out: per attempt, the whole-call deadline, or a stream's idle or total limit. */
export class TimeoutError extends SaaSLLMError {
  override name = 'TimeoutError' as const;
  /** The limit that was exceeded, in ms. */
  readonly timeoutMs: number;
  /** Which limit. */
  readonly phase: TimeoutPhase;
  /** For stream timeouts: the text received before the stall. */
  readonly partialContent: string | undefined;
  /** For stream timeouts: chunks received before the stall. */
  readonly chunkCount: number | undefined;
  constructor(message: string, init: SaaSLLMErrorInit & { timeoutMs: number; phase: TimeoutPhase } & Partial<PartialStream>) {
    super('timeout', message, { retryable: init.phase === 'request', sendState: 'ambiguous', ...init });
    this.timeoutMs = init.timeoutMs;
    this.phase = init.phase;
    this.partialContent = init.partialContent;
    this.chunkCount = init.chunkCount;
  }
}

/** The caller's `AbortSignal` fired. Never retried. */
export class RequestAbortedError extends SaaSLLMError {
  override name = 'RequestAbortedError' as const;
  constructor(message: string, init: SaaSLLMErrorInit = {}) {
    super('aborted', message, { retryable: false, sendState: 'ambiguous', ...init });
  }
}

/** The circuit breaker is open: nothing was sent. */
export class CircuitOpenError extends SaaSLLMError {
  override name = 'CircuitOpenError' as const;
  /** Time until the breaker lets a probe through. */
  readonly retryAfterMs: number;
  constructor(message: string, init: SaaSLLMErrorInit & { retryAfterMs: number }) {
    super('circuit_open', message, { retryable: true, sendState: 'not-sent', ...init });
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** The server sent an SSE `{"error": "..."}` frame. */
export class StreamError extends SaaSLLMError {
  override name = 'StreamError' as const;
  readonly partialContent: string;
  readonly chunkCount: number;
  /** The server's error text. */
  readonly detail: string;
  constructor(detail: string, message: string, init: SaaSLLMErrorInit & PartialStream) {
    super('stream_error', message, { retryable: false, ...init });
    this.detail = detail;
    this.partialContent = init.partialContent;
    this.chunkCount = init.chunkCount;
  }
}

/** The stream ended or broke before its end marker. */
export class StreamInterruptedError extends SaaSLLMError {
  override name = 'StreamInterruptedError' as const;
  readonly partialContent: string;
  readonly chunkCount: number;
  constructor(message: string, init: SaaSLLMErrorInit & PartialStream) {
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
  override name = 'InvalidRequestError' as const;
  /** Every problem found. */
  readonly issues: InputIssue[];
  constructor(message: string, init: SaaSLLMErrorInit & { issues: InputIssue[] }) {
    super('invalid_request', message, { retryable: false, sendState: 'not-sent', ...init });
    this.issues = init.issues;
  }
}

/** A 2xx body that does not match the documented schema. Never retried. */
export class ResponseValidationError extends SaaSLLMError {
  override name = 'ResponseValidationError' as const;
  /** What did not match. */
  readonly issues: InputIssue[];
  /** The body as received (truncated to 4 KB). */
  readonly body: string;
  constructor(message: string, init: SaaSLLMErrorInit & { issues: InputIssue[]; body: string }) {
    super('response_validation', message, { retryable: false, ...init });
    this.issues = init.issues;
    this.body = init.body.slice(0, 4096);
  }
}

/** True for any error thrown by this SDK. */
export function isSaaSLLMError(error: unknown): error is SaaSLLMError {
  return error instanceof SaaSLLMError;
}

/** True for an error that carries an HTTP response. */
export function isAPIError(error: unknown): error is APIError {
  return error instanceof APIError;
}
