/** A UI message stream (`toUIMessageStreamResponse()`) read back as `useChat` would: the answer's text. */
import { parseJsonEventStream, readUIMessageStream, uiMessageChunkSchema } from 'ai';

export async function uiMessageText(response: Response): Promise<string> {
  const chunks = parseJsonEventStream({ stream: response.body as ReadableStream<Uint8Array>, schema: uiMessageChunkSchema }).pipeThrough(
    new TransformStream({
      transform(parsed, controller) {
        if (parsed.success) controller.enqueue(parsed.value);
      },
    }),
  );
  let text = '';
  for await (const message of readUIMessageStream({ stream: chunks })) text = message.parts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
  return text;
}
