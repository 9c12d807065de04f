/**
 * The browser chat: a page that streams an answer into the DOM. The virtual key stays on the server: a
 * Node server streams the answer with the SDK and relays it to the page as SSE (`stream.toEventStream()`);
 * the page reads it back with `ChatStream.fromEventStream()` (page.ts).
 *
 *   npm run example -- browser-chat   # then open the printed URL
 *
 * With no SAAS_LITELLM_* variables set it talks to the embedded emulator. `?cut=1` cuts the relay
 * mid-answer (the page then shows StreamInterruptedError and keeps the partial answer).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { SaaSLLMClient } from 'saas-litellm';
import { clientFromEnvironment } from '../client-from-environment.ts';

const PAGE = `<!doctype html><meta charset="utf-8"><title>saas-litellm relay</title>
<p id="answer"></p><p id="status">streaming…</p><script type="module" src="/page.js"></script>`;

export interface BrowserChat {
  url: string;
  close(): Promise<void>;
}

export async function startBrowserChat(options: { port?: number; model?: string } = {}): Promise<BrowserChat> {
  const client = clientFromEnvironment({ jobStreamRoute: 'fixed' });
  const model = options.model ?? process.env.SAAS_LITELLM_MODEL ?? 'sdk-claude';
  const bundle = await build({ entryPoints: [fileURLToPath(new URL('./page.ts', import.meta.url))], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent' });
  const script = bundle.outputFiles[0]?.text ?? '';
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://relay');
    if (request.method === 'POST' && url.pathname === '/chat') return void relay(client, model, request, response, url.searchParams.has('cut'));
    if (url.pathname === '/page.js') return void response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        client.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function relay(client: SaaSLLMClient, model: string, request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse, cut: boolean): Promise<void> {
  let body = '';
  for await (const piece of request) body += String(piece);
  const { question } = JSON.parse(body || '{}') as { question?: string };
  try {
    const stream = await client.createAndCallStream({ job_type: 'relay', model, messages: [{ role: 'user', content: question ?? 'Hello' }] });
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let frames = 0;
    for await (const bytes of Readable.fromWeb(stream.toEventStream() as import('node:stream/web').ReadableStream<Uint8Array>)) {
      // The demo's cut: a few frames, a moment, then the connection ends without the rest.
      if (cut && ++frames > 5) return void setTimeout(() => response.socket?.end(), 100);
      await new Promise<void>((resolve) => response.write(bytes, () => resolve()));
    }
    response.end();
  } catch (error) {
    response.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const example = await startBrowserChat({ port: Number(process.env.PORT ?? 0) });
  console.log(`chat relay on ${example.url} (Ctrl+C to stop)`);
  process.once('SIGINT', () => void example.close());
}
