/**
 * The server's SSE wire format: provider-native payloads serialised like Python's `json.dumps` (`", "`
 * and `": "` separators, non-ASCII escaped), one `data:` frame each, as the stream routes relay them.
 * Each body chunk the emulator emits is exactly one frame, which the stream faults rely on.
 */
import type { Provider } from './fixtures.js';
import type { ResolvedModel } from './state.js';
import type { UpstreamReply } from './upstream.js';

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/** The comment create-and-call-stream sends first. */
export const KEEPALIVE_FRAME = ': keepalive\n\n';
export const DONE_FRAME = 'data: [DONE]\n\n';

/** Python's `json.dumps(value)` with its defaults. */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .filter(([, field]) => field !== undefined)
      .map(([key, field]) => `${pythonJson(key)}: ${pythonJson(field)}`)
      .join(', ')}}`;
  }
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  return JSON.stringify(value ?? null);
}

export function dataFrame(payload: unknown): string {
  return `data: ${pythonJson(payload)}\n\n`;
}

export function errorFrame(message: string): string {
  return dataFrame({ error: message });
}

/** A 200 event stream that sends `frames` one body chunk each. */
export function sseResponse(frames: readonly string[]): Response {
  const encoder = new TextEncoder();
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const frame = frames[index];
      index += 1;
      if (frame === undefined) controller.close();
      else controller.enqueue(encoder.encode(frame));
    },
  });
  return new Response(body, { status: 200, headers: SSE_HEADERS });
}

/** The reply split as a provider streams it: word by word, each with its trailing space. */
export function pieces(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** Usage as the provider reports it in the stream; only Fireworks uses OpenAI's names (the server can count those). */
export function streamedTokens(provider: Provider, reply: UpstreamReply): { prompt: number; completion: number } {
  return provider === 'fireworks' ? { prompt: reply.promptTokens, completion: reply.completionTokens } : { prompt: 0, completion: 0 };
}

/** The frames the provider would stream for `reply`, in its own shape, [DONE] included where it sends one. */
export function providerFrames(model: ResolvedModel, reply: UpstreamReply): string[] {
  const parts = reply.pieces ?? pieces(reply.content);
  /** Tool-call arguments stream in pieces of this many characters. */
  const argumentPieces = (text: string) => text.match(/[\s\S]{1,8}/g) ?? [''];
  const created = Math.floor(Date.now() / 1000);
  const id = `fake${globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
  switch (model.provider) {
    case 'anthropic':
      return [
        dataFrame({
          type: 'message_start',
          message: {
            id: `msg_${id}`,
            type: 'message',
            role: 'assistant',
            model: model.actualModel,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: reply.promptTokens, output_tokens: 1 },
          },
        }),
        dataFrame({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
        dataFrame({ type: 'ping' }),
        ...parts.map((text) => dataFrame({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })),
        dataFrame({ type: 'content_block_stop', index: 0 }),
        ...reply.toolCalls.flatMap((call, position) => [
          dataFrame({ type: 'content_block_start', index: position + 1, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } }),
          ...argumentPieces(call.arguments).map((partial_json) => dataFrame({ type: 'content_block_delta', index: position + 1, delta: { type: 'input_json_delta', partial_json } })),
          dataFrame({ type: 'content_block_stop', index: position + 1 }),
        ]),
        dataFrame({ type: 'message_delta', delta: { stop_reason: reply.finishReason, stop_sequence: null }, usage: { output_tokens: reply.completionTokens } }),
        dataFrame({ type: 'message_stop' }),
      ];
    case 'gemini': {
      const calls = reply.toolCalls.map((call) => ({ functionCall: { name: call.name, args: JSON.parse(call.arguments) as unknown } }));
      const contentParts: Array<Array<Record<string, unknown>>> = [...parts.map((text) => [{ text }]), ...(calls.length > 0 ? [calls] : [])];
      return contentParts.map((partsOfChunk, index) => {
        const last = index === contentParts.length - 1;
        return dataFrame({
          candidates: [{ content: { parts: partsOfChunk, role: 'model' }, ...(last ? { finishReason: 'STOP' } : {}), index: 0 }],
          ...(last
            ? { usageMetadata: { promptTokenCount: reply.promptTokens, candidatesTokenCount: reply.completionTokens, totalTokenCount: reply.promptTokens + reply.completionTokens } }
            : {}),
          modelVersion: model.actualModel,
        });
      });
    }
    default: {
      const chunk = (delta: Record<string, unknown>, finishReason: string | null, extra: Record<string, unknown> = {}) =>
        dataFrame({
          id: `chatcmpl-${id}`,
          object: 'chat.completion.chunk',
          created,
          model: model.actualModel,
          system_fingerprint: 'fp_fake',
          choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
          ...extra,
        });
      const usage =
        model.provider === 'fireworks'
          ? { usage: { prompt_tokens: reply.promptTokens, completion_tokens: reply.completionTokens, total_tokens: reply.promptTokens + reply.completionTokens } }
          : {};
      return [
        chunk({ role: 'assistant', content: '' }, null),
        ...parts.map((content) => chunk({ content }, null)),
        ...reply.toolCalls.flatMap((call, index) => [
          chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }, null),
          ...argumentPieces(call.arguments).map((piece) => chunk({ tool_calls: [{ index, function: { arguments: piece } }] }, null)),
        ]),
        chunk({}, reply.finishReason, usage),
        DONE_FRAME,
      ];
    }
  }
}
