/** Every way a stream can stop, as a typed error that keeps what had arrived. */
import type { Answer } from './answer.js';
import type { ToolCall } from './normalize.js';
import { describeCall } from '../observability/hooks.js';
import type { StreamSetup } from './stream-settings.js';
import { RequestAbortedError, ResponseTooLargeError, SaaSLLMError, StreamError, StreamInterruptedError, TimeoutError, type ErrorContext } from '../errors/index.js';

/** Why reading stopped early: the caller, or one of the stream's timers. */
export type StopReason = { kind: 'abort'; reason: unknown } | { kind: 'stream-idle' | 'stream-total' | 'deadline'; ms: number } | { kind: 'end-grace' };

/** Where a stream stood when it failed. */
export interface StreamProgress {
  context: ErrorContext;
  /** `chat() POST /api/jobs/{job_id}/llm-call-stream`. */
  where: string;
  content: string;
  chunkCount: number;
  toolCalls: ToolCall[];
}

/**
 * What a stream tells its errors: where it stands (its call, its answer so far), and the errors its queue
 * builds from the body (an error frame, an event too large). One object per stream, shared by the stream
 * and its queue.
 */
export class StreamReport {
  constructor(
    readonly setup: StreamSetup,
    readonly answer: Answer,
  ) {}

  progress(): StreamProgress {
    const { info, attempts } = this.setup;
    const { answer } = this;
    return { context: { ...info, attempts }, where: describeCall(info), content: answer.content, chunkCount: answer.chunkCount, toolCalls: answer.toolCalls };
  }

  /** An error frame's typed error. It may quote what the server received, key included: redacted. */
  frameError(message: string, afterEnd: boolean): StreamError {
    return streamError(this.setup.redact(message), afterEnd, this.progress());
  }

  /** One event longer than the limit. */
  tooLarge(received: number): ResponseTooLargeError {
    return eventTooLarge(received, this.setup.maxEventBytes, this.setup.status, this.progress());
  }
}

const partial = (progress: StreamProgress) => ({ ...progress.context, partialContent: progress.content, chunkCount: progress.chunkCount, partialToolCalls: progress.toolCalls });

export function stopError(stop: StopReason, progress: StreamProgress): SaaSLLMError {
  const { where, chunkCount } = progress;
  if (stop.kind === 'abort') {
    return new RequestAbortedError(`${where} was aborted after ${chunkCount} chunks.`, { ...progress.context, cause: stop.reason });
  }
  // The grace only ends a stream whose answer was complete: whatever broke after it, nothing was lost.
  if (stop.kind === 'end-grace') return endedEarly(progress);
  const what = { 'stream-idle': `received no data for ${stop.ms} ms`, 'stream-total': `did not finish within its timeout of ${stop.ms} ms`, deadline: `exceeded its deadline of ${stop.ms} ms` }[stop.kind];
  const knob = { 'stream-idle': 'idleTimeoutMs', 'stream-total': 'timeoutMs', deadline: 'deadlineMs' }[stop.kind];
  return new TimeoutError(`${where} ${what} (after ${chunkCount} chunks). Raise \`${knob}\` if the model needs longer.`, {
    ...partial(progress),
    timeoutMs: stop.ms,
    phase: stop.kind,
  });
}

export function streamError(detail: string, afterEnd: boolean, progress: StreamProgress): StreamError {
  const when = afterEnd ? 'after the answer was complete' : `after ${progress.chunkCount} chunks`;
  return new StreamError(detail, `${progress.where}: the server reported an error ${when}: ${detail}`, partial(progress));
}

/** The body ended cleanly but no end marker came. */
export function endedEarly(progress: StreamProgress): StreamInterruptedError {
  return new StreamInterruptedError(
    `${progress.where} ended before the answer was complete (no end marker after ${progress.chunkCount} chunks). The partial answer is on .partialContent.`,
    partial(progress),
  );
}

/** Anything thrown while reading, as a typed error: the stop that caused it, or a broken connection. */
export function toStreamFailure(error: unknown, stop: StopReason | undefined, progress: StreamProgress): SaaSLLMError {
  if (error instanceof SaaSLLMError) return error;
  if (stop !== undefined) return stopError(stop, progress);
  const reason = error instanceof Error ? error.message : String(error);
  return new StreamInterruptedError(`${progress.where} broke after ${progress.chunkCount} chunks (${reason}). The partial answer is on .partialContent.`, {
    ...partial(progress),
    cause: error,
  });
}

/** One event longer than `maxResponseBytes`: the read stops there. */
export function eventTooLarge(receivedBytes: number, limitBytes: number, status: number, progress: StreamProgress): ResponseTooLargeError {
  return new ResponseTooLargeError(
    `${progress.where}: one stream event is larger than maxResponseBytes (${receivedBytes} characters without an event boundary, limit ${limitBytes}) after ${progress.chunkCount} chunks. The read was stopped; the partial answer is on .partialContent.`,
    { ...progress.context, status, receivedBytes, limitBytes, partialContent: progress.content, partialToolCalls: progress.toolCalls, sendState: 'ambiguous' },
  );
}

/** A second read of a single-use stream. */
export function consumedError(how: string): SaaSLLMError {
  return new SaaSLLMError(
    'stream_consumed',
    `This ChatStream was already iterated or piped and cannot be read twice (tried to ${how} it again). Keep the chunks as they arrive, or use stream.content / await stream.text().`,
  );
}

/** The caller's signal may have fired before the stream's listener ran. */
export function callerStop(signal: AbortSignal | undefined): StopReason | undefined {
  return signal?.aborted ? { kind: 'abort', reason: signal.reason } : undefined;
}
