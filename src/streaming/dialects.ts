/**
 * The providers whose streams are not OpenAI's shape, as the server forwards them unchanged (contract §7):
 * Anthropic Messages events and Gemini candidates, each turned into OpenAI chunks. The client's streams
 * take both; a relayed stream (`ChatStream.fromEventStream`, already normalised) takes neither.
 */
import type { ToolCallDelta } from './normalize.js';
import { isObject, type NormalizerState, type StreamDialect, type StreamSignal } from './normalize.js';

type Json = Record<string, unknown>;

const FINISH_REASONS: Record<string, string> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
  STOP: 'stop',
  MAX_TOKENS: 'length',
  SAFETY: 'content_filter',
  RECITATION: 'content_filter',
  BLOCKLIST: 'content_filter',
  PROHIBITED_CONTENT: 'content_filter',
  SPII: 'content_filter',
};

/** A provider's finish reason in OpenAI's words (`stop`, `length`, `tool_calls`, `content_filter`); an unknown one lowercased. */
export function finishReason(reason: string): string {
  return FINISH_REASONS[reason] ?? FINISH_REASONS[reason.toUpperCase()] ?? reason.toLowerCase();
}

/** Anthropic's Messages events (`message_start`, `content_block_*`, `message_delta`, `message_stop`, `error`). */
export const ANTHROPIC_DIALECT: StreamDialect = {
  accepts: (payload) => typeof payload.type === 'string',
  normalize(payload: Json, state: NormalizerState): StreamSignal {
    switch (payload.type) {
      case 'message_start': {
        const message = isObject(payload.message) ? payload.message : {};
        if (isObject(message.usage) && typeof message.usage.input_tokens === 'number') state.promptTokens = message.usage.input_tokens;
        return { kind: 'chunk', chunk: state.chunk('anthropic', payload, [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }], undefined, { id: message.id, model: message.model }), end: false };
      }
      case 'content_block_start': {
        const block = isObject(payload.content_block) ? payload.content_block : {};
        if (block.type !== 'tool_use' || typeof payload.index !== 'number') return { kind: 'ignore' };
        const index = state.toolCount++;
        state.toolOfBlock.set(payload.index, index);
        const call = { index, id: String(block.id ?? `call_${index}`), type: 'function' as const, function: { name: String(block.name ?? ''), arguments: '' } };
        return { kind: 'chunk', chunk: state.chunk('anthropic', payload, [{ index: 0, delta: { tool_calls: [call] }, finish_reason: null }]), end: false };
      }
      case 'content_block_delta': {
        const delta = isObject(payload.delta) ? payload.delta : {};
        const tool = typeof payload.index === 'number' ? state.toolOfBlock.get(payload.index) : undefined;
        if (delta.type === 'input_json_delta' && tool !== undefined && typeof delta.partial_json === 'string') {
          const piece = { index: tool, function: { arguments: delta.partial_json } };
          return { kind: 'chunk', chunk: state.chunk('anthropic', payload, [{ index: 0, delta: { tool_calls: [piece] }, finish_reason: null }]), end: false };
        }
        if (typeof delta.text !== 'string') return { kind: 'ignore' };
        return { kind: 'chunk', chunk: state.chunk('anthropic', payload, [{ index: 0, delta: { content: delta.text }, finish_reason: null }]), end: false };
      }
      case 'message_delta': {
        const delta = isObject(payload.delta) ? payload.delta : {};
        const reason = typeof delta.stop_reason === 'string' ? finishReason(delta.stop_reason) : null;
        const usage = isObject(payload.usage) && typeof payload.usage.output_tokens === 'number' ? payload.usage.output_tokens : undefined;
        const chunk = state.chunk(
          'anthropic',
          payload,
          [{ index: 0, delta: {}, finish_reason: reason }],
          usage === undefined ? undefined : { prompt_tokens: state.promptTokens, completion_tokens: usage, total_tokens: state.promptTokens + usage },
        );
        return { kind: 'chunk', chunk, end: false };
      }
      case 'message_stop':
        return { kind: 'end' };
      case 'error': {
        const error = isObject(payload.error) ? payload.error : {};
        return { kind: 'error', message: typeof error.message === 'string' ? error.message : 'provider error' };
      }
      default:
        return { kind: 'ignore' };
    }
  },
};

/** Gemini sends a call whole (arguments as an object, no id): one piece with everything. */
function geminiCall(call: Json, state: NormalizerState): ToolCallDelta {
  const index = state.toolCount++;
  return { index, id: typeof call.id === 'string' ? call.id : `call_${index}`, type: 'function', function: { name: String(call.name ?? ''), arguments: JSON.stringify(call.args ?? {}) } };
}

/** Gemini's candidates (`candidates[].content.parts`, `usageMetadata`). */
export const GEMINI_DIALECT: StreamDialect = {
  accepts: (payload) => 'candidates' in payload || 'usageMetadata' in payload,
  normalize(payload: Json, state: NormalizerState): StreamSignal {
    const candidates = Array.isArray(payload.candidates) ? payload.candidates.filter(isObject) : [];
    const choices = candidates.map((candidate, position) => {
      const content = isObject(candidate.content) ? candidate.content : {};
      const parts = Array.isArray(content.parts) ? content.parts.filter(isObject) : [];
      const text = parts.map((part) => (typeof part.text === 'string' ? part.text : '')).join('');
      const calls = parts.filter((part) => isObject(part.functionCall)).map((part) => geminiCall(part.functionCall as Json, state));
      const reason = typeof candidate.finishReason === 'string' ? finishReason(candidate.finishReason) : null;
      return {
        index: typeof candidate.index === 'number' ? candidate.index : position,
        delta: calls.length > 0 ? { content: text, tool_calls: calls } : { content: text },
        // Gemini says STOP after function calls too; OpenAI's word for that is `tool_calls`.
        finish_reason: reason === 'stop' && state.toolCount > 0 ? 'tool_calls' : reason,
      };
    });
    const meta = isObject(payload.usageMetadata) ? payload.usageMetadata : undefined;
    const usage = meta && {
      prompt_tokens: Number(meta.promptTokenCount ?? 0),
      completion_tokens: Number(meta.candidatesTokenCount ?? 0),
      total_tokens: Number(meta.totalTokenCount ?? 0),
    };
    const chunk = state.chunk('gemini', payload, choices, usage, { id: payload.responseId, model: payload.modelVersion });
    return { kind: 'chunk', chunk, end: choices.some((choice) => choice.finish_reason !== null) };
  },
};

/** Every provider the server forwards in its own shape. */
export const SERVER_DIALECTS: readonly StreamDialect[] = [ANTHROPIC_DIALECT, GEMINI_DIALECT];
