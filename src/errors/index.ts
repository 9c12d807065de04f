/**
 * Every error the SDK throws: the class hierarchy and nothing else. Which class a response or a failed
 * fetch becomes is decided in `classify/`. Each error is built complete by its constructor: the call's
 * context (request id, operation, endpoint, attempts) comes in with everything else.
 */
export {
  isSaaSLLMError,
  SaaSLLMError,
  type ErrorCode,
  type APIErrorName,
  type ErrorContext,
  type PermissionDeniedName,
  type SaaSLLMErrorInit,
  type SaaSLLMErrorName,
  type SendState,
  type ServerErrorName,
  type TimeoutPhase,
} from './base.js';
export {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InsufficientCreditsError,
  isAPIError,
  ModelAccessDeniedError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  ServiceUnavailableError,
  TeamInactiveError,
  ValidationError,
  type APIErrorInit,
  type ValidationIssue,
} from './api.js';
export { AnswerLostError, CircuitOpenError, ConnectionError, RequestAbortedError, TimeoutError } from './transport.js';
export { StreamError, StreamInterruptedError, type PartialStream, type PartialToolCall } from './stream.js';
export { InvalidRequestError, ResponseTooLargeError, ResponseValidationError, type InputIssue } from './input.js';
