/** What a stream tells its errors (its progress so far), and its queue built to say it. */
import { describeCall } from '../observability/hooks.js';
import type { Answer } from './answer.js';
import { ChunkQueue } from './chunk-queue.js';
import { eventTooLarge, streamError, type StreamProgress } from './stream-errors.js';
import type { ChatStreamInit } from './stream-init.js';

export function progressOf({ info, attempts }: ChatStreamInit, answer: Answer): StreamProgress {
  return { context: { ...info, attempts }, where: describeCall(info), content: answer.content, chunkCount: answer.chunkCount, toolCalls: answer.toolCalls };
}

/** The stream's queue: chunks go to the answer; its error frames and oversized events become typed errors. */
export function queueFor(init: ChatStreamInit, answer: Answer, progress: () => StreamProgress): ChunkQueue {
  return new ChunkQueue(
    (chunk) => answer.accept(chunk),
    // An error frame may quote what the server received, key included.
    (message, afterEnd) => streamError(init.redact(message), afterEnd, progress()),
    init.maxEventBytes,
    (received) => eventTooLarge(received, init.maxEventBytes, init.response.status, progress()),
    init.dialects,
  );
}
