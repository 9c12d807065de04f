/**
 * The contract between the pipeline and the policies around each attempt: one logical call (`Call`, with
 * its `RequestSpec`), and a stage around the attempt (`Policy`). The policies know this, not the pipeline.
 */
import type { RetrySafety } from '../endpoints/endpoint.js';
import type { ErrorContext } from '../errors/index.js';
import type { CallInfo } from '../observability/hooks.js';
import type { SpanLike } from '../observability/tracing.js';
import type { CallOptions } from '../options/resolved.js';
import type { TimeoutController } from '../base/timers.js';

/** Everything the pipeline needs to know about one logical call. */
export interface RequestSpec<T> {
  readonly info: CallInfo;
  /** Path below the origin with ids filled in, e.g. `/api/jobs/0f0e…/llm-call`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string | number>> | undefined;
  /** The JSON body, serialised once for every attempt. */
  readonly body: string | undefined;
  readonly authenticated: boolean;
  readonly safety: RetrySafety;
  /** The model an LLM call asks for (its breaker is that model's). */
  readonly model: string | undefined;
  /** What the response should be. */
  readonly accept: 'application/json' | 'text/event-stream';
  /** Turns a 2xx response into the result (JSON parse + schema, or a stream). */
  readonly read: (response: Response, attempt: AttemptResult) => Promise<T>;
  /**
   * An ambiguous failure ends the attempts here: the caller asks the server what happened (jobs/reconcile.ts)
   * rather than sending the same request again blind.
   */
  readonly reconciled: boolean;
}

/** What `read` learns about the attempt that produced the response. */
export interface AttemptResult {
  info: CallInfo;
  /** Attempts made, this one included. */
  attempts: number;
  /** The call's span (a stream ends it when the stream ends). */
  span?: SpanLike | undefined;
}

/** State of one logical call, shared by its attempts and the policies around them. */
/** State of one logical call, shared by its attempts and the policies around them. */
export interface Call {
  readonly spec: RequestSpec<unknown>;
  readonly info: CallInfo;
  readonly options: CallOptions;
  /** Bounds the whole call (fires `TimeoutError` with phase `deadline`); only when a deadline is set. */
  readonly deadline: TimeoutController | undefined;
  /** Aborts on the caller's signal or the deadline, when there is either: what waits between attempts listen to. */
  readonly waitSignal: AbortSignal | undefined;
  /** Attempts started so far. */
  attempts: number;
  /** Describes the call in messages: `chat() POST /api/jobs/{job_id}/llm-call`. */
  readonly where: string;
  /** Status of the last response received. */
  lastStatus: number | undefined;
  /** Whether a 401 already made the SDK ask a `virtualKey` function again during this call. */
  keyRefreshed?: boolean;
  /** The call's span, with a `tracer`. */
  readonly span: SpanLike | undefined;
}

/** The context every error of `call` is built with. */
export function errorContext(call: Call): ErrorContext {
  return { ...call.info, attempts: Math.max(call.attempts, 1) };
}

/** A stage around the attempt. */
export interface Policy {
  execute<T>(call: Call, next: () => Promise<T>): Promise<T>;
}
