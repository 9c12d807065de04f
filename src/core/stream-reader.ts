/**
 * The `read` stage of a stream call: check that an event stream came, hand its body to a ChatStream, and
 * read it up to its first chunk. The real server sends the whole answer in one burst, so this costs no
 * wait (a model that thinks before its first token still sends its role chunk at once). A failure the
 * server does not charge for that comes before any chunk — its provider-failure text, or a 429/502/503/504
 * in the frame — is then thrown inside the attempt, for the retry policy: the caller sees one stream. Once
 * a chunk was handed over, a stream is never retried.
 */
import { ResponseValidationError, StreamError, type SaaSLLMError } from '../errors/index.js';
import { readRequestId } from '../classify/headers.js';
import { serverTextHint } from '../classify/server-texts.js';
import { describeCall, type CallInfo } from '../observability/hooks.js';
import { readBoundedText } from '../transport/read-body.js';
import type { AttemptResult } from '../policies/call.js';
import type { Observer } from '../observability/observer.js';
import { endStreamSpan, type SpanLike } from '../observability/tracing.js';
import { SERVER_DIALECTS } from '../streaming/dialects.js';
import type { StreamCallOptions } from '../options/resolved.js';
import { ChatStream } from '../streaming/chat-stream.js';
import type { StreamOutcome } from '../streaming/stream-settings.js';
import { monotonicNow } from '../base/timers.js';

export interface StreamReaderInit {
  options: StreamCallOptions;
  observer: Observer;
  redact: (text: string) => string;
  /** Largest body that is not a stream, and largest single event. */
  maxResponseBytes: number;
  /** What a failed stream leaves to do before its error is thrown (the caller decides: the job's auto-fail). */
  afterFailure: StreamFailureWork;
}

/** What a failed stream call leaves to do before its error is thrown; `opened`: it failed after the stream opened. */
export interface StreamFailureWork {
  run(error: SaaSLLMError, opened: boolean): Promise<void> | undefined;
}

/** Uncharged: the provider call failed (not the configuration, which a repeat cannot fix). */
const UNCHARGED = /Failed to call provider API|\b(?:429|502|503|504)\b/;
const PERMANENT = /No provider credentials configured|authentication failed/i;

/** An error frame before any chunk that a repeat may fix, and that cost nothing. */
function isUnchargedFrame(error: SaaSLLMError | undefined, stream: ChatStream): error is StreamError {
  return error instanceof StreamError && stream.chunkCount === 0 && UNCHARGED.test(error.detail) && !PERMANENT.test(error.detail);
}

export function streamReader({ options, observer, redact, maxResponseBytes, afterFailure }: StreamReaderInit): (response: Response, attempt: AttemptResult) => Promise<ChatStream> {
  const startedAt = monotonicNow();
  return async (response, { info, attempts, span }) => {
    const contentType = response.headers.get('content-type') ?? '';
    if (!contentType.includes('text/event-stream')) {
      const where = describeCall(info);
      const body = redact(await readBoundedText(response, maxResponseBytes, () => ({ ...info, attempts, where })));
      throw new ResponseValidationError(`${where}: the server answered ${response.status} with ${contentType || 'no content type'} instead of an event stream (the request was processed).`, {
        ...info,
        attempts,
        sendState: 'ambiguous',
        issues: [{ path: '(root)', message: 'not text/event-stream' }],
        body,
      });
    }
    const streamInfo = { ...info, requestId: readRequestId(response.headers) ?? info.requestId };
    if (observer.logs('debug')) observer.log('debug', 'stream start', { ...streamInfo, status: response.status, latencyMs: Math.round(monotonicNow() - startedAt) });
    const end = new StreamCallEnd(observer, streamInfo, span, startedAt, afterFailure);
    const stream = new ChatStream(response, {
      call: { ...streamInfo, attempts },
      signal: options.signal,
      ...budgetLeft(options, monotonicNow() - startedAt),
      endGraceMs: options.endGraceMs,
      idleTimeoutMs: options.idleTimeoutMs,
      maxEventBytes: maxResponseBytes,
      dialects: SERVER_DIALECTS,
      redact,
      waitUntil: options.waitUntil,
      onEnd: end.listener(),
    });
    end.stream = stream;
    await stream.ready();
    const retry = end.handedOver();
    if (retry === undefined) return stream;
    // Thrown inside the attempt, so the retry policy (budget, deadline, breaker) decides what comes next.
    throw new StreamError(retry.detail, `${retry.message} Nothing was charged; the stream can be retried.`, {
      ...info,
      attempts,
      partialContent: '',
      chunkCount: retry.chunkCount,
      retryable: true,
      sendState: 'refused',
    });
  };
}

/** One budget from the call to the end of the body: `timeoutMs`, or the deadline when it ends sooner. */
function budgetLeft(options: StreamCallOptions, elapsedMs: number): { timeoutMs: number; budget: { kind: 'stream-total' | 'deadline'; ms: number } } {
  const total = options.timeoutMs - elapsedMs;
  const deadline = options.deadlineMs === undefined ? Number.POSITIVE_INFINITY : options.deadlineMs - elapsedMs;
  return deadline < total
    ? { timeoutMs: Math.max(0, deadline), budget: { kind: 'deadline', ms: options.deadlineMs as number } }
    : { timeoutMs: Math.max(0, total), budget: { kind: 'stream-total', ms: options.timeoutMs } };
}

/**
 * How the client hears a stream's end: the observer's report, the end of the call's span, and what a
 * failure leaves to do. Until the stream is handed over, an uncharged error frame goes back to the retry
 * policy instead. One object with the few values it needs, so that an open stream holds these and not
 * the reading scope (the call's options, the request's arguments).
 */
class StreamCallEnd {
  stream: ChatStream | undefined;
  #opening = true;
  #retry: StreamError | undefined;

  constructor(
    readonly observer: Observer,
    readonly info: CallInfo,
    readonly span: SpanLike | undefined,
    readonly startedAt: number,
    readonly afterFailure: StreamFailureWork,
  ) {}

  listener(): (outcome: StreamOutcome, error: SaaSLLMError | undefined) => Promise<void> | undefined {
    // Bound, not an arrow: no context object kept for the life of the stream.
    return this.#ended.bind(this);
  }

  /** The stream goes to the caller now; returns the error frame to retry instead, if one came. */
  handedOver(): StreamError | undefined {
    this.#opening = false;
    return this.#retry;
  }

  #ended(outcome: StreamOutcome, error: SaaSLLMError | undefined): Promise<void> | undefined {
    const stream = this.stream as ChatStream;
    if (this.#opening && outcome === 'failed' && isUnchargedFrame(error, stream)) {
      this.#retry = error;
      return undefined;
    }
    // A server text with a known way around says it, before the caller sees the error.
    const hint = error instanceof StreamError ? serverTextHint(error.detail) : undefined;
    if (hint !== undefined && error !== undefined && !error.message.endsWith(hint)) error.message += hint;
    const { span, info } = this;
    if (span !== undefined) endStreamSpan(span, { outcome, chunkCount: stream.chunkCount, finishReason: stream.finishReason, error }, stream.usage);
    this.observer.streamEnded({
      ...info,
      outcome,
      chunkCount: stream.chunkCount,
      // Read when a hook reads it: the text is joined from its pieces only for someone who wants it.
      get contentLength() {
        return stream.content.length;
      },
      finishReason: stream.finishReason,
      durationMs: Math.round(monotonicNow() - this.startedAt),
      error,
    });
    return outcome === 'failed' && error !== undefined ? this.afterFailure.run(error, true) : undefined;
  }
}
