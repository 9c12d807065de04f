/** The `read` stage of a stream call: check that an event stream came, then hand its body to a ChatStream. */
import { ResponseValidationError, StreamError, type SaaSLLMError } from '../errors/index.js';
import { readRequestId } from '../classify/headers.js';
import { describeCall, type CallInfo } from '../observability/hooks.js';
import { readBoundedText } from '../transport/read-body.js';
import type { AttemptResult } from '../policies/call.js';
import type { Observer } from '../observability/observer.js';
import { endStreamSpan, type SpanLike } from '../observability/tracing.js';
import { SERVER_DIALECTS } from './dialects.js';
import type { StreamCallOptions } from '../options/resolved.js';
import { openChatStream, type ChatStream } from './chat-stream.js';
import type { ChatStreamInit } from './stream-init.js';
import { monotonicNow } from '../base/timers.js';

export interface StreamReaderInit {
  options: StreamCallOptions;
  observer: Observer;
  redact: (text: string) => string;
  /** Largest body that is not a stream, and largest single event. */
  maxResponseBytes: number;
  /** Runs before a failure is thrown (the client completes the job as failed there). */
  onFailure: ((error: SaaSLLMError) => Promise<void>) | undefined;
}

export function streamReader({ options, observer, redact, maxResponseBytes, onFailure }: StreamReaderInit): (response: Response, attempt: AttemptResult) => Promise<ChatStream> {
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
    const { stream, retry } = await openChatStream({
      response,
      info: streamInfo,
      attempts,
      signal: options.signal,
      ...budgetLeft(options, monotonicNow() - startedAt),
      endGraceMs: options.endGraceMs,
      idleTimeoutMs: options.idleTimeoutMs,
      maxEventBytes: maxResponseBytes,
      dialects: SERVER_DIALECTS,
      redact,
      startedAt,
      onFailure,
      onEnd: endReporter(observer, streamInfo, span, startedAt),
      waitUntil: options.waitUntil,
    });
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
function budgetLeft(options: StreamCallOptions, elapsedMs: number): { remainingMs: number; budget: { kind: 'stream-total' | 'deadline'; ms: number } } {
  const total = options.timeoutMs - elapsedMs;
  const deadline = options.deadlineMs === undefined ? Number.POSITIVE_INFINITY : options.deadlineMs - elapsedMs;
  return deadline < total
    ? { remainingMs: Math.max(0, deadline), budget: { kind: 'deadline', ms: options.deadlineMs as number } }
    : { remainingMs: Math.max(0, total), budget: { kind: 'stream-total', ms: options.timeoutMs } };
}

/**
 * How the client hears a stream's end: the observer's report and the end of the call's span. Built here,
 * not inline, so that each open stream holds these four values and not the whole reading scope.
 */
function endReporter(observer: Observer, info: CallInfo, span: SpanLike | undefined, startedAt: number): NonNullable<ChatStreamInit['onEnd']> {
  return (outcome, answer, error) => {
    if (span !== undefined) endStreamSpan(span, { outcome, chunkCount: answer.chunkCount, finishReason: answer.finishReason, error }, answer.usage);
    observer.streamEnded({ ...info, outcome, chunkCount: answer.chunkCount, contentLength: answer.content.length, finishReason: answer.finishReason, durationMs: Math.round(monotonicNow() - startedAt), error });
  };
}
