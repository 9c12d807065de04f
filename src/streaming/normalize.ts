/**
 * Provider-native SSE payloads → one chunk shape (OpenAI `chat.completion.chunk`). The server forwards
 * OpenAI/Fireworks chunks, Anthropic Messages events and Gemini candidates unchanged (contract §7); the
 * last two are dialects (dialects.ts), given to a stream that may meet them.
 */
/** One piece of a tool call in a chunk's `delta.tool_calls`, in OpenAI's shape. */
export interface ToolCallDelta {
  /** Which call of the answer this piece belongs to. */
  index: number;
  /** Sent with a call's first piece. */
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

/** A tool call the model made (or was making when the stream failed). */
export interface ToolCall {
  id: string;
  name: string;
  /** The arguments as JSON text, as the model wrote them (parse them yourself: a partial call's may be cut). */
  arguments: string;
}

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

/** One SSE event's JSON payload, as the provider sent it. */
export type StreamPayload = Record<string, unknown>;


export const isObject = (value: unknown): value is StreamPayload => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What a provider's own wire shape needs of the stream's normalizer: its running identity and counts,
 * and a chunk built in OpenAI's shape.
 */
export interface NormalizerState {
  /** Prompt tokens reported early (Anthropic's `message_start`), added to the usage reported at the end. */
  promptTokens: number;
  /** Tool calls seen so far. */
  toolCount: number;
  /** Which content block is which tool call (Anthropic). */
  readonly toolOfBlock: Map<number, number>;
  chunk(provider: StreamProvider, raw: StreamPayload, choices: ChatCompletionChunk['choices'], usage?: ChunkUsage, own?: { id?: unknown; model?: unknown; created?: unknown }): ChatCompletionChunk;
}

/**
 * A provider whose stream is not OpenAI's shape (Anthropic, Gemini: dialects/). The client's streams
 * understand every provider the server forwards; a relayed stream (already normalised) needs none, so a
 * page's bundle carries none.
 */
export interface StreamDialect {
  /** Whether this payload is in the dialect's shape. */
  accepts(payload: StreamPayload): boolean;
  /** What the payload means: a chunk in OpenAI's shape (built with `state.chunk`), the end, an error, or nothing. */
  normalize(payload: StreamPayload, state: NormalizerState): StreamSignal;
}

/** Stateful per stream: Anthropic sends its id and model once, in `message_start`. */
export class ChunkNormalizer implements NormalizerState {
  #id = '';
  #model = '';
  #created = Math.floor(Date.now() / 1000);
  promptTokens = 0;
  toolCount = 0;
  #toolOfBlock: Map<number, number> | undefined;

  /** Made by the first Anthropic tool block: most streams have none, and an open stream should hold little. */
  get toolOfBlock(): Map<number, number> {
    return (this.#toolOfBlock ??= new Map());
  }
  readonly #dialects: readonly StreamDialect[];

  constructor(dialects: readonly StreamDialect[] = []) {
    this.#dialects = dialects;
  }

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
    for (const dialect of this.#dialects) if (dialect.accepts(payload)) return dialect.normalize(payload, this);
    return { kind: 'ignore' };
  }

  #openai(payload: StreamPayload): StreamSignal {
    const choices = (payload.choices as unknown[]).filter(isObject).map((choice, position) => ({
      index: typeof choice.index === 'number' ? choice.index : position,
      delta: (isObject(choice.delta) ? choice.delta : {}) as ChatCompletionChunk['choices'][number]['delta'],
      finish_reason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null,
    }));
    const chunk = this.chunk('openai', payload, choices, isObject(payload.usage) ? (payload.usage as unknown as ChunkUsage) : undefined, {
      id: payload.id,
      model: payload.model,
      created: payload.created,
    });
    return { kind: 'chunk', chunk, end: choices.some((choice) => choice.finish_reason !== null) };
  }

  chunk(provider: StreamProvider, raw: StreamPayload, choices: ChatCompletionChunk['choices'], usage?: ChunkUsage, own: { id?: unknown; model?: unknown; created?: unknown } = {}): ChatCompletionChunk {
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
 * One function of plain checks: it runs for every chunk of every stream.
 */
export function asOpenAIChunk(payload: unknown): ChatCompletionChunk | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const chunk = payload as StreamPayload;
  if (chunk.object !== 'chat.completion.chunk' || typeof chunk.id !== 'string' || typeof chunk.model !== 'string' || typeof chunk.created !== 'number') return undefined;
  const { choices, usage } = chunk;
  if (!Array.isArray(choices) || choices.length > 1) return undefined;
  if (choices.length === 1) {
    const choice: unknown = choices[0];
    if (!isObject(choice) || typeof choice.index !== 'number' || !isObject(choice.delta)) return undefined;
    const reason = choice.finish_reason;
    if (reason !== null && typeof reason !== 'string') return undefined;
  }
  if (usage !== undefined && usage !== null && !isObject(usage)) return undefined;
  chunk.provider = 'openai';
  return chunk as unknown as ChatCompletionChunk;
}
