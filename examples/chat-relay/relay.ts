/**
 * A relay in front of a chat service, built on `saas-litellm/stream` alone (no client, no key, none of
 * ky, opossum, p-retry or zod): it reads the upstream's relayed stream with `ChatStream.fromEventStream`,
 * waits for its first chunk with `ready()` so that an upstream failing before it answers gets a 502 with
 * the typed error (not a 200 that breaks at once), and passes the stream on with `toEventStream()` — a cut
 * upstream reaches its caller as a cut, the partial answer kept.
 *
 *   npm run example -- browser-chat                          # the upstream, prints its URL
 *   npm run example -- chat-relay http://127.0.0.1:<port>
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { fileURLToPath } from 'node:url';
import { ChatStream, type SaaSLLMError } from 'saas-litellm/stream';

export interface ChatRelay {
  url: string;
  close(): Promise<void>;
}

export async function startChatRelay(upstream: string, options: { port?: number } = {}): Promise<ChatRelay> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://relay');
    if (request.method === 'POST' && url.pathname === '/chat') return void relay(`${upstream}/chat${url.search}`, request, response);
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function relay(upstream: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  let body = '';
  for await (const piece of request) body += String(piece);
  const controller = new AbortController();
  // The caller hung up: stop reading the upstream too.
  response.once('close', () => controller.abort());
  let failedEarly: SaaSLLMError | undefined;
  try {
    const answer = await fetch(upstream, { method: 'POST', body, signal: controller.signal });
    const stream = ChatStream.fromEventStream(answer, {
      signal: controller.signal,
      timeoutMs: 60_000,
      onEnd: (outcome, error) => {
        if (outcome === 'failed') failedEarly ??= error;
      },
    });
    await stream.ready();
    if (failedEarly !== undefined && stream.chunkCount === 0) return void answerError(response, failedEarly.name, failedEarly.message);
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    Readable.fromWeb(stream.toEventStream() as NodeReadableStream<Uint8Array>).pipe(response);
  } catch (error) {
    answerError(response, 'UpstreamUnreachable', String(error));
  }
}

function answerError(response: ServerResponse, name: string, message: string): void {
  response.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { name, message } }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const upstream = process.argv[2];
  if (upstream === undefined) throw new Error('usage: npm run example -- chat-relay <upstream url>');
  const example = await startChatRelay(upstream, { port: Number(process.env.PORT ?? 0) });
  console.log(`chat relay on ${example.url}, in front of ${upstream} (Ctrl+C to stop)`);
  process.once('SIGINT', () => void example.close());
}
