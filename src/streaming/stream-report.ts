/** What a stream tells the outside (its progress for an error, its start and end for the observer), and its queue built to say it. */
import type { SaaSLLMError } from '../errors/index.js';
import { describeCall, type StreamEndHookState } from '../observability/hooks.js';
import { endStreamSpan } from '../observability/tracing.js';
import type { Answer } from './answer.js';
import { ChunkQueue } from './chunk-queue.js';
import { eventTooLarge, streamError, type StreamProgress } from './stream-errors.js';
import type { ChatStreamInit } from './stream-init.js';
import { monotonicNow } from '../base/timers.js';

export function progressOf({ info, attempts }: ChatStreamInit, answer: Answer): StreamProgress {
  return { context: { ...info, attempts }, where: describeCall(info), content: answer.content, chunkCount: answer.chunkCount, toolCalls: answer.toolCalls };
}

export function reportEnd({ observer, info, startedAt, span }: ChatStreamInit, answer: Answer, outcome: StreamEndHookState['outcome'], error: SaaSLLMError | undefined): void {
  if (span !== undefined) endStreamSpan(span, { outcome, chunkCount: answer.chunkCount, finishReason: answer.finishReason, error }, answer.usage);
  observer.streamEnded({
    ...info,
    outcome,
    chunkCount: answer.chunkCount,
    contentLength: answer.content.length,
    finishReason: answer.finishReason,
    durationMs: Math.round(monotonicNow() - startedAt),
    error,
  });
}

/** The stream's queue: chunks go to the answer; its error frames and oversized events become typed errors. */
export function queueFor(init: ChatStreamInit, answer: Answer, progress: () => StreamProgress): ChunkQueue {
  return new ChunkQueue(
    (chunk) => answer.accept(chunk),
    // An error frame may quote what the server received, key included.
    (message, afterEnd) => streamError(init.redact(message), afterEnd, progress()),
    init.maxEventBytes,
    (received) => eventTooLarge(received, init.maxEventBytes, init.response.status, progress()),
  );
}

export function reportStart({ observer, info, response, startedAt }: ChatStreamInit): void {
  if (observer.logs('debug')) observer.log('debug', 'stream start', { ...info, status: response.status, latencyMs: Math.round(monotonicNow() - startedAt) });
}
