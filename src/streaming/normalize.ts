/**
 * Provider-native SSE payloads → one chunk shape (OpenAI `chat.completion.chunk`). The server forwards
 * OpenAI/Fireworks chunks, Anthropic Messages events and Gemini candidates unchanged (contract §7).
 */
import type { ToolCallDelta } from './tool-calls.js';

/** Which wire shape a payload had. */
export type StreamProvider = 'openai' | 'anthropic' | 'gemini';

/** Token usage, in OpenAI's names, when the provider reported it in the stream. */
export interface ChunkUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** One streamed piece of the answer, in the OpenAI `chat.completion.chunk` shape whatever the provider. */
export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  /** Unix seconds. */
  created: number;
  /** The provider's real model name (streams do not echo the requested alias). */
  model: string;
  choices: Array<{
    index: number;
    /** `tool_calls`: pieces of the model's tool calls in OpenAI's shape, whatever the provider. */
    delta: { role?: 'assistant'; content?: string | null; tool_calls?: ToolCallDelta[] };
    /**
     * Normalised to OpenAI's words: `stop`, `length`, `tool_calls`, `content_filter` (the provider's own
     * word when it has no equivalent); null until the last chunk.
     */
    finish_reason: string | null;
  }>;
  usage?: ChunkUsage | null;
  /** The wire shape this chunk came from. */
  provider: StreamProvider;
  /**
   * The provider's payload as the server sent it, for payloads the SDK converted (Anthropic, Gemini, an
   * OpenAI chunk of an unusual shape). An OpenAI-shaped chunk is handed on as it came, so it has none.
   */
  raw?: unknown;
}

/** What one payload means for the stream. */
export type StreamSignal =
  | { kind: 'chunk'; chunk: ChatCompletionChunk; end: boolean }
  | { kind: 'end' }
  | { kind: 'error'; message: string }
  | { kind: 'ignore' };

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

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Stateful per stream: Anthropic sends its id and model once, in `message_start`. */
export class ChunkNormalizer {
  #id = '';
  #model = '';
  #created = Math.floor(Date.now() / 1000);
  /** Anthropic reports prompt tokens in `message_start` and completion tokens in `message_delta`. */
  #promptTokens = 0;
  /** Tool calls seen so far, and (Anthropic) which content block is which call. */
  #toolCount = 0;
  readonly #toolOfBlock = new Map<number, number>();

  /** A payload that `asOpenAIChunk` did not take as it is; OpenAI-shaped ones are rebuilt here. */
  normalize(payload: unknown): StreamSignal {
    if (!isObject(payload)) return { kind: 'ignore' };
    if ('error' in payload && !('choices' in payload) && !('candidates' in payload)) {
      const error = payload.error;
      const text = typeof error === 'string' ? error : isObject(error) && typeof error.message === 'string' ? error.message : JSON.stringify(error);
      // A relayed failure (toEventStream) names its class.
      const message = isObject(error) && typeof error.name === 'string' ? `${error.name}: ${text}` : text;
      return { kind: 'error', message };
    }
    if (Array.isArray(payload.choices)) return this.#openai(payload);
    if (typeof payload.type === 'string') return this.#anthropic(payload);
    if ('candidates' in payload || 'usageMetadata' in payload) return this.#gemini(payload);
    return { kind: 'ignore' };
  }

  #openai(payload: Json): StreamSignal {
    const choices = (payload.choices as unknown[]).filter(isObject).map((choice, position) => ({
      index: typeof choice.index === 'number' ? choice.index : position,
      delta: (isObject(choice.delta) ? choice.delta : {}) as ChatCompletionChunk['choices'][number]['delta'],
      finish_reason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null,
    }));
    const chunk = this.#chunk('openai', payload, choices, isObject(payload.usage) ? (payload.usage as unknown as ChunkUsage) : undefined, {
      id: payload.id,
      model: payload.model,
      created: payload.created,
    });
    return { kind: 'chunk', chunk, end: choices.some((choice) => choice.finish_reason !== null) };
  }

  #anthropic(payload: Json): StreamSignal {
    switch (payload.type) {
      case 'message_start': {
        const message = isObject(payload.message) ? payload.message : {};
        if (typeof message.id === 'string') this.#id = message.id;
        if (typeof message.model === 'string') this.#model = message.model;
        if (isObject(message.usage) && typeof message.usage.input_tokens === 'number') this.#promptTokens = message.usage.input_tokens;
        return { kind: 'chunk', chunk: this.#chunk('anthropic', payload, [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]), end: false };
      }
      case 'content_block_start': {
        const block = isObject(payload.content_block) ? payload.content_block : {};
        if (block.type !== 'tool_use' || typeof payload.index !== 'number') return { kind: 'ignore' };
        const index = this.#toolCount++;
        this.#toolOfBlock.set(payload.index, index);
        const call = { index, id: String(block.id ?? `call_${index}`), type: 'function' as const, function: { name: String(block.name ?? ''), arguments: '' } };
        return { kind: 'chunk', chunk: this.#chunk('anthropic', payload, [{ index: 0, delta: { tool_calls: [call] }, finish_reason: null }]), end: false };
      }
      case 'content_block_delta': {
        const delta = isObject(payload.delta) ? payload.delta : {};
        const tool = typeof payload.index === 'number' ? this.#toolOfBlock.get(payload.index) : undefined;
        if (delta.type === 'input_json_delta' && tool !== undefined && typeof delta.partial_json === 'string') {
          const piece = { index: tool, function: { arguments: delta.partial_json } };
          return { kind: 'chunk', chunk: this.#chunk('anthropic', payload, [{ index: 0, delta: { tool_calls: [piece] }, finish_reason: null }]), end: false };
        }
        if (typeof delta.text !== 'string') return { kind: 'ignore' };
        return { kind: 'chunk', chunk: this.#chunk('anthropic', payload, [{ index: 0, delta: { content: delta.text }, finish_reason: null }]), end: false };
      }
      case 'message_delta': {
        const delta = isObject(payload.delta) ? payload.delta : {};
        const reason = typeof delta.stop_reason === 'string' ? finishReason(delta.stop_reason) : null;
        const usage = isObject(payload.usage) && typeof payload.usage.output_tokens === 'number' ? payload.usage.output_tokens : undefined;
        const chunk = this.#chunk(
          'anthropic',
          payload,
          [{ index: 0, delta: {}, finish_reason: reason }],
          usage === undefined ? undefined : { prompt_tokens: this.#promptTokens, completion_tokens: usage, total_tokens: this.#promptTokens + usage },
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
  }

  #gemini(payload: Json): StreamSignal {
    const candidates = Array.isArray(payload.candidates) ? payload.candidates.filter(isObject) : [];
    const choices = candidates.map((candidate, position) => {
      const content = isObject(candidate.content) ? candidate.content : {};
      const parts = Array.isArray(content.parts) ? content.parts.filter(isObject) : [];
      const text = parts.map((part) => (typeof part.text === 'string' ? part.text : '')).join('');
      const calls = parts.filter((part) => isObject(part.functionCall)).map((part) => this.#geminiCall(part.functionCall as Json));
      const reason = typeof candidate.finishReason === 'string' ? finishReason(candidate.finishReason) : null;
      return {
        index: typeof candidate.index === 'number' ? candidate.index : position,
        delta: calls.length > 0 ? { content: text, tool_calls: calls } : { content: text },
        // Gemini says STOP after function calls too; OpenAI's word for that is `tool_calls`.
        finish_reason: reason === 'stop' && this.#toolCount > 0 ? 'tool_calls' : reason,
      };
    });
    const meta = isObject(payload.usageMetadata) ? payload.usageMetadata : undefined;
    const usage = meta && {
      prompt_tokens: Number(meta.promptTokenCount ?? 0),
      completion_tokens: Number(meta.candidatesTokenCount ?? 0),
      total_tokens: Number(meta.totalTokenCount ?? 0),
    };
    const chunk = this.#chunk('gemini', payload, choices, usage, { id: payload.responseId, model: payload.modelVersion });
    return { kind: 'chunk', chunk, end: choices.some((choice) => choice.finish_reason !== null) };
  }

  /** Gemini sends a call whole (arguments as an object, no id): one piece with everything. */
  #geminiCall(call: Json): ToolCallDelta {
    const index = this.#toolCount++;
    return { index, id: typeof call.id === 'string' ? call.id : `call_${index}`, type: 'function', function: { name: String(call.name ?? ''), arguments: JSON.stringify(call.args ?? {}) } };
  }

  #chunk(
    provider: StreamProvider,
    raw: Json,
    choices: ChatCompletionChunk['choices'],
    usage?: ChunkUsage,
    own: { id?: unknown; model?: unknown; created?: unknown } = {},
  ): ChatCompletionChunk {
    if (typeof own.id === 'string') this.#id = own.id;
    if (typeof own.model === 'string') this.#model = own.model;
    if (typeof own.created === 'number') this.#created = own.created;
    return {
      id: this.#id,
      object: 'chat.completion.chunk',
      created: this.#created,
      model: this.#model,
      choices,
      ...(usage === undefined ? {} : { usage }),
      provider,
      raw,
    };
  }
}

/**
 * The payload itself as the chunk when it has exactly OpenAI's shape (string ids, at most one numbered
 * choice with an object delta): the common case costs no copy. A `raw` pointing at itself would cost a
 * defineProperty per chunk (~10% of the parse) to stay out of JSON.stringify, so such a chunk has none.
 */
export function asOpenAIChunk(payload: unknown): ChatCompletionChunk | undefined {
  if (!isObject(payload) || !Array.isArray(payload.choices) || !isOpenAIChunk(payload)) return undefined;
  const chunk = payload as unknown as ChatCompletionChunk;
  chunk.provider = 'openai';
  return chunk;
}

function isOpenAIChunk(payload: Json): boolean {
  if (payload.object !== 'chat.completion.chunk' || typeof payload.id !== 'string' || typeof payload.model !== 'string' || typeof payload.created !== 'number') return false;
  const choices = payload.choices as unknown[];
  for (const choice of choices) {
    if (!isObject(choice) || typeof choice.index !== 'number' || !isObject(choice.delta)) return false;
    const reason = choice.finish_reason;
    if (reason !== null && typeof reason !== 'string') return false;
  }
  return choices.length <= 1 && (payload.usage === undefined || payload.usage === null || isObject(payload.usage));
}

function finishReason(reason: string): string {
  return FINISH_REASONS[reason] ?? reason.toLowerCase();
}
