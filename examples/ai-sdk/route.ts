/**
 * The chat route on Node: `node:http` around the fetch-style handler of chat.ts.
 *
 *   npm run example -- ai-sdk   # then POST /api/chat { messages }
 *
 * With no SAAS_LITELLM_* variables set it talks to the embedded mock API. Run by the package tests.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { fileURLToPath } from 'node:url';
import type { SaaSLLMClient } from 'saas-litellm';
import { createSaasLiteLLM } from 'saas-litellm/ai-sdk';
import { clientFromEnvironment } from '../client-from-environment.ts';
import { chatRoute } from './chat.ts';

export async function startAiSdkRoute(options: { port?: number } = {}): Promise<{ url: string; client: SaaSLLMClient; close(): Promise<void> }> {
  const client = clientFromEnvironment();
  const handle = chatRoute(createSaasLiteLLM({ client }), process.env.SAAS_LITELLM_MODEL ?? 'sdk-chat');
  const server: Server = createServer((incoming, outgoing) => {
    void (async () => {
      let body = '';
      for await (const piece of incoming) body += String(piece);
      const request = new Request(new URL(incoming.url ?? '/', 'http://localhost'), { method: incoming.method ?? 'GET', headers: { 'content-type': 'application/json' }, ...(incoming.method === 'POST' ? { body } : {}) });
      const response = await handle(request);
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      if (response.body === null) return void outgoing.end();
      Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>).pipe(outgoing);
    })();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    client,
    close: () =>
      new Promise<void>((resolve) => {
        client.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const route = await startAiSdkRoute({ port: Number(process.env.PORT ?? 0) });
  console.log(`AI SDK chat route on ${route.url}/api/chat (Ctrl+C to stop)`);
  process.once('SIGINT', () => void route.close());
}
