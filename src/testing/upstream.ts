/**
 * The fake LLM provider behind the emulator. Like the stand-in used for the real-server transcripts, it
 * echoes the last user message, and a message containing `[fake:401]`, `[fake:429]` or `[fake:500]`
 * makes the provider fail that way.
 */
import type { ResolvedModel } from './state.js';

export interface UpstreamRequest {
  model: ResolvedModel;
  messages: Array<Record<string, unknown>>;
  responseFormat: Record<string, unknown> | undefined;
}

export interface UpstreamReply {
  content: string;
  /** The content as streamed, piece by piece (a script's `chunks`, else split into words). */
  pieces: readonly string[] | undefined;
  /** Tool calls the model makes, arguments as JSON text. */
  toolCalls: ReadonlyArray<{ id: string; name: string; arguments: string }>;
  finishReason: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
}

/** A tool call for a scripted reply: `arguments` as JSON text or as the object. */
export interface ScriptedToolCall {
  /** @default `call_<n>` */
  id?: string;
  name: string;
  arguments: string | Record<string, unknown>;
}

/** A scripted reply: the text (or the exact pieces it streams in) and the tool calls. */
export interface ScriptedReply {
  content?: string;
  /** Streamed as these pieces, in order (their concatenation is the content). */
  chunks?: readonly string[];
  toolCalls?: readonly ScriptedToolCall[];
}

/**
 * Decide the reply yourself: text (e.g. JSON for a schema), or a script of chunks and tool calls. Return
 * undefined for the default echo.
 *
 * @example
 * createEmulator({ reply: () => ({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] }) });
 */
export type ReplyFunction = (request: UpstreamRequest) => string | ScriptedReply | undefined;

const PROVIDER_LABEL = { openai: 'OpenAI', anthropic: 'Anthropic', gemini: 'Gemini', fireworks: 'Fireworks' } as const;

/** Finish reason of a natural stop, as each provider spells it. */
export const STOP_REASON = { openai: 'stop', fireworks: 'stop', anthropic: 'end_turn', gemini: 'stop' } as const;
/** Finish reason after tool calls (Gemini says STOP either way). */
const TOOL_REASON = { openai: 'tool_calls', fireworks: 'tool_calls', anthropic: 'tool_use', gemini: 'stop' } as const;

export function lastUserText(messages: Array<Record<string, unknown>>): string {
  const last = [...messages].reverse().find((message) => message.role === 'user');
  const content = last?.content;
  return typeof content === 'string' ? content : JSON.stringify(content ?? '');
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** The provider's answer, or the server's failure detail (`500: Failed to call provider API: ...`). */
export function callUpstream(request: UpstreamRequest, reply: ReplyFunction | undefined): UpstreamReply | { failure: string } {
  const said = lastUserText(request.messages);
  const label = PROVIDER_LABEL[request.model.provider];
  const status = /\[fake:(\d{3})\]/.exec(said)?.[1];
  if (status === '401') {
    return {
      failure: `500: Failed to call provider API: ${label} authentication failed: Error code: 401 - {'error': {'message': 'fake upstream error 401', 'type': 'invalid_api_key', 'param': None, 'code': 'invalid_api_key'}}`,
    };
  }
  if (status === '429') {
    return { failure: `500: Failed to call provider API: ${label} rate limit: Error code: 429 - {'error': {'message': 'fake upstream error 429', 'type': 'rate_limit_exceeded'}}` };
  }
  if (status !== undefined) {
    return {
      failure: `500: Failed to call provider API: ${label} error: Error code: ${status} - {'error': {'message': 'fake upstream error ${status}', 'type': 'server_error', 'param': None, 'code': 'server_error'}}`,
    };
  }
  const chosen = reply?.(request);
  const script: ScriptedReply = typeof chosen === 'object' ? chosen : {};
  const content =
    (typeof chosen === 'string' ? chosen : (script.content ?? script.chunks?.join(''))) ??
    (script.toolCalls !== undefined
      ? ''
      : request.responseFormat?.type === 'json_object'
        ? JSON.stringify({ echo: said, source: 'fake-upstream' }).replace(/":/g, '": ').replace(/,"/g, ', "')
        : `Hello from the fake upstream. You said: ${said}`);
  const toolCalls = (script.toolCalls ?? []).map((call, index) => ({
    id: call.id ?? `call_${index}`,
    name: call.name,
    arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
  }));
  return {
    content,
    pieces: script.chunks,
    toolCalls,
    finishReason: (toolCalls.length > 0 ? TOOL_REASON : STOP_REASON)[request.model.provider],
    promptTokens: request.messages.reduce((sum, message) => sum + words(typeof message.content === 'string' ? message.content : ''), 0),
    completionTokens: words(content) + 4,
    latencyMs: 8,
  };
}
