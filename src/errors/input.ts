/** Input the SDK refused before sending, and answers it could not read. */
import { SaaSLLMError, type SaaSLLMErrorInit } from './base.js';

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
