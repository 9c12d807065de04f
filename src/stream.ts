/**
 * `saas-litellm/stream`: the browser side of a chat. A page reads the stream a server relayed with
 * `toEventStream()`, with the same iteration, helpers and typed errors as on the server, and none of the
 * client (no ky, opossum, p-retry, zod or `events` in its bundle). The error classes are the same as the
 * main entry's: one `instanceof` works for both.
 *
 * @example
 * import { ChatStream, StreamInterruptedError } from 'saas-litellm/stream';
 *
 * const response = await fetch('/api/chat', { method: 'POST', body: JSON.stringify({ question }) });
 * try {
 *   for await (const chunk of ChatStream.fromEventStream(response.body!)) answer.append(chunk.choices[0]?.delta.content ?? '');
 * } catch (error) {
 *   if (error instanceof StreamInterruptedError) showPartial(error.partialContent);
 * }
 *
 * @module
 */
export { ChatStream } from './streaming/chat-stream.js';
export type { ChatCompletionChunk, ChunkUsage, StreamProvider, ToolCall, ToolCallDelta } from './streaming/normalize.js';
export type { ChatStreamSettings, FromEventStreamOptions, StreamOutcome } from './streaming/stream-settings.js';
export type { NormalizerState, StreamDialect, StreamPayload, StreamSignal } from './streaming/normalize.js';
export { ANTHROPIC_DIALECT, GEMINI_DIALECT } from './streaming/dialects.js';
export { InvalidRequestError, isSaaSLLMError, RequestAbortedError, ResponseTooLargeError, SaaSLLMError, StreamError, StreamInterruptedError, TimeoutError } from './errors/index.js';
export type { ErrorCode, PartialStream, PartialToolCall, SaaSLLMErrorName, TimeoutPhase } from './errors/index.js';
