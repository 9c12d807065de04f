/** The base of every SDK error, and the types every error shares. */

/**
 * What the server may have done with a failed request, which decides whether a repeat is safe.
 * - `not-sent`: the request never reached the server (DNS, refused, open breaker).
 * - `refused`: the server answered and did nothing billable (408/429/502/503/504, `LLM call failed`).
 * - `ambiguous`: the request may have been processed (timeout or reset after sending, unexplained 5xx),
 *   or was (a 2xx whose body could not be read): do not repeat a billed call blindly.
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
  | 'response_validation'
  | 'response_too_large'
  | 'answer_lost';

export type PermissionDeniedName = 'PermissionDeniedError' | 'InsufficientCreditsError' | 'TeamInactiveError' | 'ModelAccessDeniedError';
export type ServerErrorName = 'ServerError' | 'ServiceUnavailableError';
export type APIErrorName =
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
  | 'AnswerLostError'
  | 'TimeoutError'
  | 'RequestAbortedError'
  | 'CircuitOpenError'
  | 'StreamError'
  | 'StreamInterruptedError'
  | 'InvalidRequestError'
  | 'ResponseValidationError'
  | 'ResponseTooLargeError';

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

/**
 * The same in every copy of the SDK a process loads (the ESM and the CommonJS build side by side, or two
 * versions): each error class carries its name under `CLASS`, a static field holding a literal (so that a
 * minifier renaming the class changes nothing, and a bundler drops the classes a page does not use);
 * an error lists the names of its classes under `KINDS`, a registered symbol. `instanceof` and
 * `isSaaSLLMError` compare those, so an error thrown by one copy is recognised by another.
 */
const CLASS = 'saas-litellm.class';
const KINDS = Symbol.for('saas-litellm.error.kinds');

type Branded = { [CLASS]?: string };

/** Base class of everything the SDK throws. */
export class SaaSLLMError extends Error {
  /** The class's registered name (see `CLASS`). */
  static readonly 'saas-litellm.class': string = 'SaaSLLMError';

  /** `instanceof` across copies of the SDK: an error whose classes include this class's registered name. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (typeof value !== 'object' || value === null || !Object.hasOwn(this, CLASS)) return false;
    const kinds = (value as { [KINDS]?: unknown })[KINDS];
    return Array.isArray(kinds) && kinds.includes((this as Branded)[CLASS]);
  }

  /** The registered names of this error's classes, most derived first. */
  get [KINDS](): string[] {
    const kinds: string[] = [];
    for (let prototype = Object.getPrototypeOf(this); prototype !== null; prototype = Object.getPrototypeOf(prototype)) {
      const errorClass = prototype.constructor as Branded;
      if (Object.hasOwn(errorClass, CLASS)) kinds.push(errorClass[CLASS] as string);
    }
    return kinds;
  }
  /** The class's name, e.g. `RateLimitError` (written once per class, in its registered name). */
  override name: SaaSLLMErrorName;
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
  /**
   * The job's status on the server (`PENDING`, `IN_PROGRESS`, `COMPLETED`, `FAILED`), when the SDK read it
   * after this error left the outcome unknown (see `reconcile`); undefined when it did not.
   */
  jobStatus: string | undefined;

  constructor(code: ErrorCode, message: string, init: SaaSLLMErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = (new.target as Branded)[CLASS] as SaaSLLMErrorName;
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
    this.jobStatus = undefined;
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

/** True for any error thrown by this SDK. */
export function isSaaSLLMError(error: unknown): error is SaaSLLMError {
  return error instanceof SaaSLLMError;
}
