/** What a stream tells the outside: its progress for an error, and its end for the observer. */
import type { SaaSLLMError } from '../errors/index.js';
import type { StreamEndHookState } from '../observability/hooks.js';
import type { Answer } from './answer.js';
import type { StreamProgress } from './stream-errors.js';
import type { ChatStreamInit } from './stream-init.js';

export function progressOf({ info, attempts }: ChatStreamInit, answer: Answer): StreamProgress {
  const where = `${info.operation}() ${info.method} ${info.endpoint}`;
  return { context: { ...info, attempts }, where, content: answer.content, chunkCount: answer.chunkCount, toolCalls: answer.toolCalls };
}

export function reportEnd({ observer, info, startedAt }: ChatStreamInit, answer: Answer, outcome: StreamEndHookState['outcome'], error: SaaSLLMError | undefined): void {
  observer.streamEnded({
    ...info,
    outcome,
    chunkCount: answer.chunkCount,
    contentLength: answer.content.length,
    finishReason: answer.finishReason,
    durationMs: Math.round(performance.now() - startedAt),
    error,
  });
}
