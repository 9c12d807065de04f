/** Input the SDK refused before sending, and answers it could not read. */
import { SaaSLLMError, type SaaSLLMErrorInit } from './base.js';
import type { PartialToolCall } from './stream.js';

/** An issue found in input before sending. */
export interface InputIssue {
  /** Dotted path of the offending field, e.g. `messages.0.role`. */
  path: string;
  message: string;
}

/** Bad input caught before anything was sent. */
export class InvalidRequestError extends SaaSLLMError {
  static override readonly 'saas-litellm.class' = 'InvalidRequestError';
  declare name: (typeof InvalidRequestError)['saas-litellm.class'];
  /** Every problem found. */
  readonly issues: InputIssue[];
  constructor(message: string, init: SaaSLLMErrorInit & { issues: InputIssue[] }) {
    super('invalid_request', message, { retryable: false, sendState: 'not-sent', ...init });
    this.issues = init.issues;
  }
}

/** A 2xx body that does not match the documented schema. Never retried. */
export class ResponseValidationError extends SaaSLLMError {
  static override readonly 'saas-litellm.class' = 'ResponseValidationError';
  declare name: (typeof ResponseValidationError)['saas-litellm.class'];
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

/** A body (or one stream event) longer than `maxResponseBytes`: the read stopped and the connection was closed. */
export class ResponseTooLargeError extends SaaSLLMError {
  static override readonly 'saas-litellm.class' = 'ResponseTooLargeError';
  declare name: (typeof ResponseTooLargeError)['saas-litellm.class'];
  /** The limit that was passed (`maxResponseBytes`). */
  readonly limitBytes: number;
  /** Bytes read (or announced by `Content-Length`) when the read stopped. */
  readonly receivedBytes: number;
  /** Status of the response whose body was too large. */
  readonly status: number;
  /** For a stream: the answer text received before the oversized event. */
  readonly partialContent: string | undefined;
  /** For a stream: the tool calls received before the oversized event. */
  readonly partialToolCalls: PartialToolCall[] | undefined;
  constructor(
    message: string,
    init: SaaSLLMErrorInit & { limitBytes: number; receivedBytes: number; status: number; partialContent?: string | undefined; partialToolCalls?: PartialToolCall[] | undefined },
  ) {
    super('response_too_large', message, { retryable: false, ...init });
    this.limitBytes = init.limitBytes;
    this.receivedBytes = init.receivedBytes;
    this.status = init.status;
    this.partialContent = init.partialContent;
    this.partialToolCalls = init.partialToolCalls;
  }
}
