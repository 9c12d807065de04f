/**
 * A stream's chunks as bytes to pass on: its text (`toReadableStream()`, e.g. a plain-text response) and
 * SSE to relay (`toEventStream()`: normalised chunks, then `[DONE]`, or one final error frame), which
 * `ChatStream.fromEventStream()` reads back in a browser or another service.
 */
import { SaaSLLMError } from '../errors/index.js';
import type { ChatCompletionChunk } from './normalize.js';

const encoder = new TextEncoder();
const frame = (payload: unknown) => encoder.encode(`data: ${JSON.stringify(payload)}\n\n`);

/**
 * The chunks `next` hands out as SSE bytes. A failure becomes one last frame,
 * `{"error": {"name", "code", "message", "partialContent"}}`, with the key taken out by `redact`.
 */
export function eventBytes(
  next: () => Promise<IteratorResult<ChatCompletionChunk>>,
  onCancel: () => void,
  partial: () => string,
  redact: (text: string) => string,
): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const result = await next();
        if (result.done) {
          controller.enqueue(encoder.encode('data: [DONE]\n\n'));
          controller.close();
          return;
        }
        // The provider's own payload stays behind: the other side needs the normalised chunk only.
        const { raw: _raw, ...chunk } = result.value;
        controller.enqueue(frame(chunk));
      } catch (error) {
        const { name, code, message } = error instanceof SaaSLLMError ? error : { name: 'Error', code: 'stream_error', message: String(error) };
        controller.enqueue(encoder.encode(redact(`data: ${JSON.stringify({ error: { name, code, message, partialContent: partial() } })}\n\n`)));
        controller.close();
      }
    },
    cancel() {
      onCancel();
    },
  });
}

/**
 * The text of the chunks `next` hands out, as UTF-8 bytes. Cancelling the readable runs `onCancel`
 * (the stream closes its connection); a failure errors the readable with the typed error.
 */
export function textBytes(next: () => Promise<IteratorResult<ChatCompletionChunk>>, onCancel: () => void): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        // Chunks without text (role, finish) enqueue nothing; a pull must enqueue or close, so keep reading.
        for (;;) {
          const result = await next();
          if (result.done) {
            controller.close();
            return;
          }
          const text = result.value.choices[0]?.delta.content;
          if (text) {
            controller.enqueue(encoder.encode(text));
            return;
          }
        }
      } catch (error) {
        controller.error(error);
      }
    },
    cancel() {
      onCancel();
    },
  });
}
