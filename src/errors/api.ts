/** A response arrived with a non-2xx status: `APIError` and one class per status family. */
import { SaaSLLMError, type APIErrorName, type ErrorCode, type ErrorContext, type PermissionDeniedName, type SendState, type ServerErrorName } from './base.js';

/** One validation issue of a 422, normalised from pydantic v2 (`type: "missing"`) or v1 (`type: "value_error.missing"`). */
export interface ValidationIssue {
  loc: Array<string | number>;
  msg: string;
  type: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

export interface APIErrorInit extends ErrorContext {
  /** undefined for a refusal the SDK made itself, before sending. */
  status: number | undefined;
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
  static override readonly 'saas-litellm.class': APIErrorName = 'APIError';
  declare name: (typeof APIError)['saas-litellm.class'];
  /**
   * HTTP status code; undefined when the SDK refused the call itself and nothing was sent
   * (`sendState: 'not-sent'`: its own rate limit, `withJob`'s `requireCredits`).
   */
  readonly status: number | undefined;
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
  static override readonly 'saas-litellm.class' = 'BadRequestError';
  declare name: (typeof BadRequestError)['saas-litellm.class'];
  constructor(message: string, init: APIErrorInit) {
    super('bad_request', message, init);
  }
}

/** 401: the virtual key is missing, malformed or unknown. */
export class AuthenticationError extends APIError {
  static override readonly 'saas-litellm.class' = 'AuthenticationError';
  declare name: (typeof AuthenticationError)['saas-litellm.class'];
  constructor(message: string, init: APIErrorInit) {
    super('authentication_failed', message, init);
  }
}

/** 403: the key is valid but may not do this. */
export class PermissionDeniedError extends APIError {
  static override readonly 'saas-litellm.class': PermissionDeniedName = 'PermissionDeniedError';
  declare name: (typeof PermissionDeniedError)['saas-litellm.class'];
  constructor(message: string, init: APIErrorInit, code: ErrorCode = 'permission_denied') {
    super(code, message, init);
  }
}

/** 403/402 about credits; also thrown by `withJob({ requireCredits })` before any job is created. */
export class InsufficientCreditsError extends PermissionDeniedError {
  static override readonly 'saas-litellm.class' = 'InsufficientCreditsError';
  declare name: (typeof InsufficientCreditsError)['saas-litellm.class'];
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
  static override readonly 'saas-litellm.class' = 'TeamInactiveError';
  declare name: (typeof TeamInactiveError)['saas-litellm.class'];
  /** The team's status word, e.g. `suspended` or `paused`. */
  readonly teamStatus: string | undefined;
  constructor(message: string, init: APIErrorInit & { teamStatus: string | undefined }) {
    super(message, init, 'team_inactive');
    this.teamStatus = init.teamStatus;
  }
}

/** 403: the team may not use the requested model alias or group (also for unknown model names). */
export class ModelAccessDeniedError extends PermissionDeniedError {
  static override readonly 'saas-litellm.class' = 'ModelAccessDeniedError';
  declare name: (typeof ModelAccessDeniedError)['saas-litellm.class'];
  /** The model name the server refused. */
  readonly model: string | undefined;
  constructor(message: string, init: APIErrorInit & { model: string | undefined }) {
    super(message, init, 'model_access_denied');
    this.model = init.model;
  }
}

/** 404. */
export class NotFoundError extends APIError {
  static override readonly 'saas-litellm.class' = 'NotFoundError';
  declare name: (typeof NotFoundError)['saas-litellm.class'];
  constructor(message: string, init: APIErrorInit) {
    super('not_found', message, init);
  }
}

/** 409. */
export class ConflictError extends APIError {
  static override readonly 'saas-litellm.class' = 'ConflictError';
  declare name: (typeof ConflictError)['saas-litellm.class'];
  constructor(message: string, init: APIErrorInit) {
    super('conflict', message, init);
  }
}

/** 422: the server rejected the request body or query; see `issues`. */
export class ValidationError extends APIError {
  static override readonly 'saas-litellm.class' = 'ValidationError';
  declare name: (typeof ValidationError)['saas-litellm.class'];
  constructor(message: string, init: APIErrorInit) {
    super('validation_failed', message, init);
  }
}

/** 429 (from infrastructure in front of the API). */
export class RateLimitError extends APIError {
  static override readonly 'saas-litellm.class' = 'RateLimitError';
  declare name: (typeof RateLimitError)['saas-litellm.class'];
  /** How long the server asked us to wait, from `Retry-After`/`retry-after-ms`. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, init: APIErrorInit & { retryAfterMs: number | undefined }) {
    super('rate_limited', message, init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** 5xx. `code` is `server_error_permanent` when the server's text says a repeat cannot help. */
export class ServerError extends APIError {
  static override readonly 'saas-litellm.class': ServerErrorName = 'ServerError';
  declare name: (typeof ServerError)['saas-litellm.class'];
}

/** 503. */
export class ServiceUnavailableError extends ServerError {
  static override readonly 'saas-litellm.class' = 'ServiceUnavailableError';
  declare name: (typeof ServiceUnavailableError)['saas-litellm.class'];
  constructor(message: string, init: APIErrorInit) {
    super('service_unavailable', message, init);
  }
}

/** True for an error that carries an HTTP response. */
export function isAPIError(error: unknown): error is APIError {
  return error instanceof APIError;
}
