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
  finishReason: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
}

/** Decide the reply yourself (e.g. JSON for a schema). Return undefined for the default echo. */
export type ReplyFunction = (request: UpstreamRequest) => string | undefined;

const PROVIDER_LABEL = { openai: 'OpenAI', anthropic: 'Anthropic', gemini: 'Gemini', fireworks: 'Fireworks' } as const;

/** Finish reason of a natural stop, as each provider spells it. */
export const STOP_REASON = { openai: 'stop', fireworks: 'stop', anthropic: 'end_turn', gemini: 'stop' } as const;

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
  const content =
    reply?.(request) ??
    (request.responseFormat?.type === 'json_object'
      ? JSON.stringify({ echo: said, source: 'fake-upstream' }).replace(/":/g, '": ').replace(/,"/g, ', "')
      : `Hello from the fake upstream. You said: ${said}`);
  return {
    content,
    finishReason: STOP_REASON[request.model.provider],
    promptTokens: request.messages.reduce((sum, message) => sum + words(typeof message.content === 'string' ? message.content : ''), 0),
    completionTokens: words(content) + 4,
    latencyMs: 8,
  };
}
