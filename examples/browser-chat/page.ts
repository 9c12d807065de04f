/**
 * The browser side: POST the question to the relay, read the answer back with ChatStream.fromEventStream
 * and render it token by token. Bundled for the browser by server.ts (esbuild).
 */
import { ChatStream, isSaaSLLMError } from 'saas-litellm/stream';

const answer = document.querySelector('#answer') as HTMLElement;
const status = document.querySelector('#status') as HTMLElement;
const question = new URLSearchParams(location.search).get('q') ?? 'Say hello to the relay';

async function ask(): Promise<void> {
  const response = await fetch(`/chat${location.search}`, { method: 'POST', body: JSON.stringify({ question }) });
  const stream = ChatStream.fromEventStream(response);
  let updates = 0;
  try {
    for await (const chunk of stream) {
      const text = chunk.choices[0]?.delta.content;
      if (!text) continue;
      answer.textContent += text;
      updates += 1;
    }
    status.textContent = `done: ${updates} updates, finish ${stream.finishReason}`;
  } catch (error) {
    // Typed errors across the relay: the partial answer stays on the page.
    status.textContent = isSaaSLLMError(error) ? `failed: ${error.name} after ${updates} updates` : `failed: ${String(error)}`;
  }
  status.dataset.done = 'true';
}

void ask();
