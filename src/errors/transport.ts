/** No usable response: the connection failed, a timer ran out, the caller aborted, or the breaker refused. */
import { SaaSLLMError, type SaaSLLMErrorInit, type TimeoutPhase } from './base.js';
import type { PartialStream, PartialToolCall } from './stream.js';

/** No response arrived: DNS failure, connection refused or reset. */
export class ConnectionError extends SaaSLLMError {
  static override readonly 'saas-litellm.class' = 'ConnectionError';
  declare name: (typeof ConnectionError)['saas-litellm.class'];
  constructor(message: string, init: SaaSLLMErrorInit = {}) {
    super('connection_error', message, { retryable: true, ...init });
  }
}

/** A timer ran out: per attempt, the whole-call deadline, or a stream's idle or total limit. */
export class TimeoutError extends SaaSLLMError {
  static override readonly 'saas-litellm.class' = 'TimeoutError';
  declare name: (typeof TimeoutError)['saas-litellm.class'];
  /** The limit that was exceeded, in ms. */
  readonly timeoutMs: number;
  /** Which limit. */
  readonly phase: TimeoutPhase;
  /** For stream timeouts: the text received before the stall. */
  readonly partialContent: string | undefined;
  /** For stream timeouts: chunks received before the stall. */
  readonly chunkCount: number | undefined;
  /** For stream timeouts: tool calls received before the stall. */
  readonly partialToolCalls: PartialToolCall[] | undefined;
  constructor(message: string, init: SaaSLLMErrorInit & { timeoutMs: number; phase: TimeoutPhase } & Partial<PartialStream>) {
    super('timeout', message, { retryable: init.phase === 'request', sendState: 'ambiguous', ...init });
    this.timeoutMs = init.timeoutMs;
    this.phase = init.phase;
    this.partialContent = init.partialContent;
    this.chunkCount = init.chunkCount;
    this.partialToolCalls = init.partialToolCalls;
  }
}

/** The caller's `AbortSignal` fired. Never retried. */
export class RequestAbortedError extends SaaSLLMError {
  static override readonly 'saas-litellm.class' = 'RequestAbortedError';
  declare name: (typeof RequestAbortedError)['saas-litellm.class'];
  constructor(message: string, init: SaaSLLMErrorInit = {}) {
    super('aborted', message, { retryable: false, sendState: 'ambiguous', ...init });
  }
}

/** The circuit breaker is open: nothing was sent. */
export class CircuitOpenError extends SaaSLLMError {
  static override readonly 'saas-litellm.class' = 'CircuitOpenError';
  declare name: (typeof CircuitOpenError)['saas-litellm.class'];
  /** Time until the breaker lets a probe through. */
  readonly retryAfterMs: number;
  /** Set when the breaker of one model refused (its provider keeps failing); undefined for the server's breaker. */
  readonly model: string | undefined;
  constructor(message: string, init: SaaSLLMErrorInit & { retryAfterMs: number; model?: string | undefined }) {
    super('circuit_open', message, { retryable: true, sendState: 'not-sent', ...init });
    this.retryAfterMs = init.retryAfterMs;
    this.model = init.model;
  }
}

/**
 * The server did the work and charged for it, but its answer was lost (a timeout or reset after it acted):
 * the SDK found the job by the reference it sent and read its final state. The answer itself cannot be
 * had again; the job's id, status and charge say what was paid for. Never retried: a repeat would be a
 * second paid call.
 */
export class AnswerLostError extends SaaSLLMError {
  static override readonly 'saas-litellm.class' = 'AnswerLostError';
  declare name: (typeof AnswerLostError)['saas-litellm.class'];
  /** The job the lost answer belongs to (also on `jobId`). */
  override readonly jobId: string;
  /** Whether the server deducted credits for the job. */
  readonly creditApplied: boolean;
  /** The provider cost the server recorded for the job (`GET /api/jobs/{id}/costs`), when it could be read. */
  readonly costUsd: number | undefined;
  constructor(message: string, init: SaaSLLMErrorInit & { jobId: string; jobStatus: string; creditApplied: boolean; costUsd: number | undefined }) {
    super('answer_lost', message, { retryable: false, sendState: 'ambiguous', ...init });
    this.jobId = init.jobId;
    this.jobStatus = init.jobStatus;
    this.creditApplied = init.creditApplied;
    this.costUsd = init.costUsd;
  }
}
