import type { SaaSLLMError } from '../errors/index.js';

/** State of a circuit breaker: `closed` (calls flow), `open` (calls fail fast) or `halfOpen` (one probe in flight). */
export type CircuitState = 'closed' | 'open' | 'halfOpen';

/** Identifies one logical call; shared by every state object. */
export interface CallInfo {
  /** Sent as `X-Request-ID`; the same on every retry of the call. */
  requestId: string;
  /** SDK method, e.g. `chat`. */
  operation: string;
  method: string;
  /** Path template, e.g. `/api/jobs/{job_id}/llm-call`. */
  endpoint: string;
  jobId: string | undefined;
}

/** The call as messages name it: `chat() POST /api/jobs/{job_id}/llm-call` (the parts that are known). */
export function describeCall(info: { operation?: string | undefined; method?: string | undefined; endpoint?: string | undefined }): string {
  const { operation, method, endpoint } = info;
  if (operation !== undefined && method !== undefined && endpoint !== undefined) return `${operation}() ${method} ${endpoint}`;
  return [operation === undefined ? undefined : `${operation}()`, method, endpoint].filter(Boolean).join(' ');
}

/** Before an attempt is sent. */
export interface RequestHookState extends CallInfo {
  /** 1 for the first attempt. */
  attempt: number;
  url: string;
  /** Request headers with `Authorization` masked. */
  headers: Record<string, string>;
}

/** A response arrived (any status). */
export interface ResponseHookState extends CallInfo {
  attempt: number;
  status: number;
  latencyMs: number;
}

/** An attempt failed and another will follow after `delayMs`. */
export interface RetryHookState extends CallInfo {
  /** The attempt that failed. */
  attempt: number;
  delayMs: number;
  /** The failed attempt's error code, e.g. `rate_limited`. */
  reason: string;
  error: SaaSLLMError;
}

/** The call failed for good. */
export interface ErrorHookState extends CallInfo {
  attempts: number;
  error: SaaSLLMError;
}

/** The circuit breaker changed state. */
export interface CircuitStateChangeHookState {
  previous: CircuitState;
  state: CircuitState;
  /** Set when the breaker is one model's (provider failures); absent for the server's breaker. */
  model?: string;
}

/** A stream finished: read to its end, failed, or was abandoned by the caller. */
export interface StreamEndHookState extends CallInfo {
  /** `completed`: the end marker arrived; `failed`: see `error`; `aborted`: the caller stopped reading. */
  outcome: 'completed' | 'failed' | 'aborted';
  /** Chunks received. */
  chunkCount: number;
  /** Characters of answer text received. */
  contentLength: number;
  /** Normalised finish reason, when the provider sent one. */
  finishReason: string | null;
  /** From the request to the end of the stream. */
  durationMs: number;
  /** Why it failed (for `failed`). */
  error: SaaSLLMError | undefined;
}

/** Observers. Each receives one state object; a hook that throws or rejects is caught and logged. */
export interface Hooks {
  onRequest?: (state: RequestHookState) => void | Promise<void>;
  onResponse?: (state: ResponseHookState) => void | Promise<void>;
  onRetry?: (state: RetryHookState) => void | Promise<void>;
  onError?: (state: ErrorHookState) => void | Promise<void>;
  onCircuitStateChange?: (state: CircuitStateChangeHookState) => void | Promise<void>;
  onStreamEnd?: (state: StreamEndHookState) => void | Promise<void>;
}
