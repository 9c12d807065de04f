/** What a new ChatStream is built from: the response, the call it belongs to, its limits, and who hears how it ended. */
import type { SaaSLLMError } from '../errors/index.js';
import type { CallInfo, StreamEndHookState } from '../observability/hooks.js';
import type { Answer } from './answer.js';
import type { StreamDialect } from './normalize.js';

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
  /** The providers' own stream shapes it may meet (the client's: Anthropic and Gemini; a relayed stream: none). */
  dialects: readonly StreamDialect[];
  /** Longest single event (`maxResponseBytes`). */
  maxEventBytes: number;
  /** Takes the key out of text the server sent. */
  redact: (text: string) => string;
  /** `monotonicNow()` (performance.now() where there is one) when the call started. */
  startedAt: number;
  /** Runs before a failure is thrown (the client completes the job as failed there). */
  onFailure: ((error: SaaSLLMError) => Promise<void>) | undefined;
  /**
   * Told once how the stream ended (the client reports it to its observer and ends the call's span; a
   * relayed stream has no one to tell). Not told when the stream gave up for a retry before its first chunk.
   */
  onEnd: ((outcome: StreamEndHookState['outcome'], answer: Answer, error: SaaSLLMError | undefined) => void) | undefined;
  /** Receives the closing of the connection when the stream stops before its end (a Worker's `waitUntil`). */
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
}
