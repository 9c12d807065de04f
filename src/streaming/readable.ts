import type { ChatCompletionChunk } from './normalize.js';

/**
 * The text of `chunks` as UTF-8 bytes. Cancelling the readable returns the generator and runs `onCancel`;
 * a failure errors the readable with the typed error.
 */
export function textBytes(chunks: AsyncGenerator<ChatCompletionChunk, void, undefined>, onCancel: () => void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        // Chunks without text (role, finish) enqueue nothing; a pull must enqueue or close, so keep reading.
        for (;;) {
          const next = await chunks.next();
          if (next.done) {
            controller.close();
            return;
          }
          const text = next.value.choices[0]?.delta.content;
          if (text) {
            controller.enqueue(encoder.encode(text));
            return;
          }
        }
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
      onCancel();
    },
  });
}
