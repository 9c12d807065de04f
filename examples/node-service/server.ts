/**
 * A Node service that calls the SDK: `POST /summaries` summarises a text inside a job (`withJob`, so the
 * job is completed exactly once, as failed when anything throws), `GET /metrics` serves the SDK's
 * metrics in Prometheus text. SDK errors become HTTP answers by their `code` and `retryable` flag.
 *
 *   npm run example -- node-service
 *   curl -s -X POST localhost:<port>/summaries -d '{"text":"The printer on floor 3 is on fire."}'
 *   curl -s localhost:<port>/metrics
 *
 * With no SAAS_LITELLM_* variables set it talks to the embedded mock API.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { isSaaSLLMError, metricsToPrometheus, type SaaSLLMClient } from 'saas-litellm';
import { clientFromEnvironment } from '../client-from-environment.ts';

export interface NodeService {
  url: string;
  close(): Promise<void>;
}

/** Start the service on `port` (0: a free one) with `client` (default: from the environment, else the mock API). */
export async function startNodeService(options: { client?: SaaSLLMClient; model?: string; port?: number } = {}): Promise<NodeService> {
  const client = options.client ?? clientFromEnvironment();
  const model = options.model ?? process.env.SAAS_LITELLM_MODEL ?? 'sdk-chat';
  const server: Server = createServer((request, response) => {
    void route(client, model, request, response).catch((error: unknown) => answer(response, 500, { error: String(error) }));
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

async function route(client: SaaSLLMClient, model: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method === 'GET' && request.url === '/metrics') {
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(metricsToPrometheus(client.metrics()));
    return;
  }
  if (request.method !== 'POST' || request.url !== '/summaries') return answer(response, 404, { error: 'POST /summaries or GET /metrics' });
  let body = '';
  for await (const piece of request) body += String(piece);
  let parsed: { text?: unknown };
  try {
    parsed = JSON.parse(body || '{}') as { text?: unknown };
  } catch {
    return answer(response, 400, { error: 'the body must be JSON: { "text": "…" }' });
  }
  const { text } = parsed;
  if (typeof text !== 'string' || text.trim() === '') return answer(response, 400, { error: '`text` must be a non-empty string' });
  try {
    const summary = await client.withJob({ job_type: 'summary', metadata: { characters: text.length } }, async (job) => {
      const reply = await job.chat({ model, messages: [{ role: 'user', content: `Summarise in one sentence: ${text}` }], max_tokens: 120 });
      return { jobId: job.job_id, summary: reply.response.content };
    });
    answer(response, 200, summary);
  } catch (error) {
    if (!isSaaSLLMError(error)) throw error;
    // The SDK already retried what was safe to retry: a retryable error here means "try again later".
    answer(response, error.retryable ? 503 : 502, { error: error.code, message: error.message, requestId: error.requestId });
  }
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const service = await startNodeService({ port: Number(process.env.PORT ?? 0) });
  console.log(`node service on ${service.url}: POST /summaries {"text": "..."}, GET /metrics (Ctrl+C to stop)`);
  process.once('SIGINT', () => void service.close());
}
