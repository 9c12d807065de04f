/**
 * A non-2xx response → its error class. Pure: it reads status, body text and headers only; the text
 * arrives already redacted.
 */
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InsufficientCreditsError,
  ModelAccessDeniedError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  ServiceUnavailableError,
  TeamInactiveError,
  ValidationError,
  type APIErrorInit,
  type ErrorContext,
} from '../errors/index.js';
import { describeCall } from '../observability/hooks.js';
import { retryAfterMs } from '../schemas/retry-after.js';
import { parseErrorBody } from './error-body.js';
import { readRequestId } from './headers.js';
import { deniedModel, isAboutCredits, isRetryableStatus, sendStateOf, TEAM_INACTIVE } from './server-texts.js';

/** A response that did not succeed, and the call it answered. */
export interface FailedResponse {
  status: number;
  statusText?: string | undefined;
  bodyText: string;
  headers: Headers;
  context: ErrorContext;
  /** `Date.now()` at receipt, for an HTTP-date `Retry-After`. */
  now: number;
}

export function errorFromResponse(response: FailedResponse): APIError {
  const { status, headers, context } = response;
  const body = parseErrorBody(response.bodyText, headers.get('content-type'));
  const { detail } = body;
  const retryable = isRetryableStatus(status, detail);
  const init: APIErrorInit = {
    ...context,
    requestId: readRequestId(headers) ?? body.requestId ?? context.requestId,
    status,
    detail,
    issues: body.issues,
    body: body.raw,
    headers,
    retryable,
    sendState: sendStateOf(status, detail),
  };
  const message = (hint: string) => describe(response, detail, hint);

  if (status === 400) return new BadRequestError(message('Check the request parameters.'), init);
  if (status === 401) return new AuthenticationError(message('Check the virtual key (option `virtualKey` or SAAS_LITELLM_VIRTUAL_KEY).'), init);
  if (isAboutCredits(status, detail)) return new InsufficientCreditsError(message('Add credits to the team or reduce usage.'), init);
  if (status === 403) return permissionError(init, message);
  if (status === 404) return new NotFoundError(message('Check the id or name.'), init);
  if (status === 409) return new ConflictError(message(''), init);
  if (status === 422) {
    const first = body.issues?.[0];
    return new ValidationError(message(first ? `First issue: ${first.loc.join('.')}: ${first.msg}.` : ''), init);
  }
  if (status === 429) return new RateLimitError(message('Slow down and retry later.'), { ...init, retryAfterMs: retryAfterMs(headers, response.now) });
  if (status === 503) return new ServiceUnavailableError(message('The service is unavailable; retry later.'), init);
  if (status >= 500) {
    return retryable
      ? new ServerError('server_error', message('The server failed; retrying may help.'), init)
      : new ServerError('server_error_permanent', message('This is a configuration problem on the server; retrying will not help.'), init);
  }
  if (status === 408) return new APIError('request_timeout', message('The server timed out waiting; retry.'), init);
  return new APIError(`http_${status}`, message(''), init);
}

function permissionError(init: APIErrorInit, message: (hint: string) => string): PermissionDeniedError {
  const inactive = init.detail?.match(TEAM_INACTIVE);
  if (inactive) return new TeamInactiveError(message('Contact support to reactivate the team.'), { ...init, teamStatus: inactive[1] });
  const denied = deniedModel(init.detail);
  if (denied) return new ModelAccessDeniedError(message('Use a model alias or group assigned to the team (see listModels()).'), { ...init, ...denied });
  return new PermissionDeniedError(message('The key may not access this resource.'), init);
}

function describe({ status, statusText, context }: FailedResponse, detail: string | undefined, hint: string): string {
  const where = describeCall(context);
  const said = detail ? `: ${detail}` : '';
  return `${where} failed with ${status}${statusText ? ` ${statusText}` : ''}${said}${said && !said.endsWith('.') ? '.' : ''}${hint ? ` ${hint}` : ''}`;
}
