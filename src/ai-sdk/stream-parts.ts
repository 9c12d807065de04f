/**
 * A ChatStream as the AI SDK's stream parts: `stream-start` with the call's warnings, `response-metadata`,
 * the text (`text-start`, `text-delta`s, `text-end`), each tool call's input as it streams
 * (`tool-input-start`, `-delta`, `-end`) and then the `tool-call`, and `finish` with the normalised reason
 * and the usage. A failure becomes an `error` part after what had arrived; the job's auto-fail is the
 * SDK's, as for any stream.
 */
import type { LanguageModelV4FinishReason, LanguageModelV4StreamPart, LanguageModelV4Usage, SharedV4ProviderMetadata, SharedV4Warning } from '@ai-sdk/provider';
import type { ChatStream } from '../streaming/chat-stream.js';
import type { ChatCompletionChunk, ChunkUsage, ToolCallDelta } from '../streaming/normalize.js';
import { finishReason as openAIFinishReason } from '../streaming/dialects.js';

const TEXT_ID = 'text-0';

export interface PartsContext {
  warnings: SharedV4Warning[];
  includeRawChunks: boolean;
  /** Where the call belongs (job, request), for the finish part's provider metadata. */
  metadata: () => SharedV4ProviderMetadata;
  toError: (error: unknown) => unknown;
}

export function streamParts(stream: ChatStream, context: PartsContext): ReadableStream<LanguageModelV4StreamPart> {
  const iterator = stream[Symbol.asyncIterator]();
  const tools = new Map<number, { id: string; name: string; input: string; started: boolean }>();
  let textOpen = false;
  let metadataSent = false;
  return new ReadableStream<LanguageModelV4StreamPart>({
    start(controller) {
      controller.enqueue({ type: 'stream-start', warnings: context.warnings });
    },
    async pull(controller) {
      try {
        const result = await iterator.next();
        if (result.done) {
          if (textOpen) controller.enqueue({ type: 'text-end', id: TEXT_ID });
          for (const tool of tools.values()) endTool(controller, tool);
          controller.enqueue({ type: 'finish', finishReason: finishReason(stream.finishReason), usage: usageOf(stream.usage), providerMetadata: context.metadata() });
          controller.close();
          return;
        }
        const chunk = result.value;
        if (context.includeRawChunks) controller.enqueue({ type: 'raw', rawValue: chunk.raw ?? chunk });
        if (!metadataSent) {
          metadataSent = true;
          controller.enqueue({ type: 'response-metadata', id: chunk.id, modelId: chunk.model, timestamp: new Date(chunk.created * 1000) });
        }
        const delta = chunk.choices[0]?.delta;
        if (typeof delta?.content === 'string' && delta.content !== '') {
          if (!textOpen) controller.enqueue({ type: 'text-start', id: TEXT_ID });
          textOpen = true;
          controller.enqueue({ type: 'text-delta', id: TEXT_ID, delta: delta.content });
        }
        for (const piece of toolDeltas(chunk)) addToolPiece(controller, tools, piece);
      } catch (error) {
        if (textOpen) controller.enqueue({ type: 'text-end', id: TEXT_ID });
        controller.enqueue({ type: 'error', error: context.toError(error) });
        controller.enqueue({ type: 'finish', finishReason: { unified: 'error', raw: undefined }, usage: usageOf(stream.usage), providerMetadata: context.metadata() });
        controller.close();
      }
    },
    cancel(reason) {
      stream.abort(reason);
    },
  });
}

function toolDeltas(chunk: ChatCompletionChunk): readonly ToolCallDelta[] {
  const pieces = chunk.choices[0]?.delta.tool_calls;
  return Array.isArray(pieces) ? pieces : [];
}

function addToolPiece(controller: ReadableStreamDefaultController<LanguageModelV4StreamPart>, tools: Map<number, { id: string; name: string; input: string; started: boolean }>, piece: ToolCallDelta): void {
  if (typeof piece?.index !== 'number') return;
  let tool = tools.get(piece.index);
  if (tool === undefined) {
    tool = { id: '', name: '', input: '', started: false };
    tools.set(piece.index, tool);
  }
  if (typeof piece.id === 'string') tool.id = piece.id;
  if (typeof piece.function?.name === 'string') tool.name += piece.function.name;
  // The id and the name come with a call's first piece: the input can start once both are known.
  if (!tool.started && tool.id !== '' && tool.name !== '') {
    tool.started = true;
    controller.enqueue({ type: 'tool-input-start', id: tool.id, toolName: tool.name });
    if (tool.input !== '') controller.enqueue({ type: 'tool-input-delta', id: tool.id, delta: tool.input });
  }
  const argumentsText = piece.function?.arguments;
  if (typeof argumentsText === 'string' && argumentsText !== '') {
    tool.input += argumentsText;
    if (tool.started) controller.enqueue({ type: 'tool-input-delta', id: tool.id, delta: argumentsText });
  }
}

function endTool(controller: ReadableStreamDefaultController<LanguageModelV4StreamPart>, tool: { id: string; name: string; input: string; started: boolean }): void {
  const id = tool.id === '' ? `call_${tool.name}` : tool.id;
  if (!tool.started) controller.enqueue({ type: 'tool-input-start', id, toolName: tool.name });
  controller.enqueue({ type: 'tool-input-end', id });
  controller.enqueue({ type: 'tool-call', toolCallId: id, toolName: tool.name, input: tool.input === '' ? '{}' : tool.input });
}

const UNIFIED: Record<string, LanguageModelV4FinishReason['unified']> = { stop: 'stop', length: 'length', tool_calls: 'tool-calls', content_filter: 'content-filter' };

/**
 * The finish reason in the AI SDK's terms: a stream's is already in OpenAI's words; the non-streaming
 * route returns the provider's own (`end_turn`, `max_tokens`, `safety`…), put in OpenAI's words first.
 */
export function finishReason(raw: string | null | undefined): LanguageModelV4FinishReason {
  const reason = raw ?? undefined;
  return { unified: (reason === undefined ? undefined : UNIFIED[openAIFinishReason(reason)]) ?? 'other', raw: reason };
}

export function usageOf(usage: ChunkUsage | undefined, totalTokens?: number): LanguageModelV4Usage {
  return {
    inputTokens: { total: usage?.prompt_tokens, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: usage?.completion_tokens, text: undefined, reasoning: undefined },
    ...(usage === undefined && totalTokens === undefined ? {} : { raw: { ...(usage === undefined ? {} : { ...usage }), ...(totalTokens === undefined ? {} : { total_tokens: totalTokens }) } }),
  };
}
