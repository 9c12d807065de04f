/** What the client hands a new ChatStream: the response, the call it belongs to, its limits and its observers. */
import type { SaaSLLMError } from '../errors/index.js';
import type { CallInfo } from '../observability/hooks.js';
import type { Observer } from '../observability/observer.js';
import type { SpanLike } from '../observability/tracing.js';

/** What the client hands a new stream. */
export interface ChatStreamInit {
  response: Response;
  info: CallInfo;
  attempts: number;
  /** The caller's signal: aborting it stops the stream with `RequestAbortedError`. */
  signal: AbortSignal | undefined;
  /** What is left of the call's time budget (`timeoutMs` or `deadlineMs`, counted from the call) for the body. */
  remainingMs: number;
  /** Which budget `remainingMs` is, and its full size, for the error. */
  budget: { kind: 'stream-total' | 'deadline'; ms: number };
  /** After the end marker, how long to wait for EOF (a late error frame) before finishing anyway. */
  endGraceMs: number;
  /** Longest silence between two reads of the body. */
  idleTimeoutMs: number;
  /** Longest single event (`maxResponseBytes`). */
  maxEventBytes: number;
  /** Takes the key out of text the server sent. */
  redact: (text: string) => string;
  observer: Observer;
  /** `monotonicNow()` (performance.now() where there is one) when the call started. */
  startedAt: number;
  /** Runs before a failure is thrown (the client completes the job as failed there). */
  onFailure: ((error: SaaSLLMError) => Promise<void>) | undefined;
  /** The call's span, ended when the stream ends. */
  span?: SpanLike | undefined;
  /** Receives the closing of the connection when the stream stops before its end (a Worker's `waitUntil`). */
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
}
