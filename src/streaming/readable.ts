import type { ChatCompletionChunk } from './normalize.js';

/**
 * The text of the chunks `next` hands out, as UTF-8 bytes. Cancelling the readable runs `onCancel`
 * (the stream closes its connection); a failure errors the readable with the typed error.
 */
export function textBytes(next: () => Promise<IteratorResult<ChatCompletionChunk>>, onCancel: () => void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
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
