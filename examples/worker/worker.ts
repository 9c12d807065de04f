/**
 * A Cloudflare Worker that relays a chat answer as it streams: POST /chat `{ "question": "…" }` answers
 * `text/event-stream` (read it in a page with `ChatStream.fromEventStream(response.body)`). The virtual key
 * stays in the Worker's secrets.
 *
 *   wrangler.toml: main = "examples/worker/worker.ts", compatibility_date = "2026-04-01"
 *   secrets/vars:  SAAS_LITELLM_API_URL, SAAS_LITELLM_TEAM_ID, SAAS_LITELLM_VIRTUAL_KEY (SAAS_LITELLM_MODEL optional)
 *
 * One client per isolate, built on the first request (a Worker's bindings arrive with it; a client built
 * at module scope works too: nothing runs at construction). Work that outlives the response goes to
 * `ctx.waitUntil`. Run by the runtime matrix in workerd (test/runtimes).
 */
import { isSaaSLLMError, SaaSLLMClient } from 'saas-litellm';

interface Env {
  SAAS_LITELLM_API_URL: string;
  SAAS_LITELLM_TEAM_ID: string;
  SAAS_LITELLM_VIRTUAL_KEY: string;
  SAAS_LITELLM_MODEL?: string;
}

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

let client: SaaSLLMClient | undefined;

function clientFor(env: Env): SaaSLLMClient {
  client ??= new SaaSLLMClient({ baseUrl: env.SAAS_LITELLM_API_URL, teamId: env.SAAS_LITELLM_TEAM_ID, virtualKey: env.SAAS_LITELLM_VIRTUAL_KEY });
  return client;
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (request.method !== 'POST' || url.pathname !== '/chat') return new Response('POST /chat', { status: 404 });
    const { question } = (await request.json().catch(() => ({}))) as { question?: string };
    try {
      const stream = await clientFor(env).createAndCallStream(
        { job_type: 'worker-relay', model: env.SAAS_LITELLM_MODEL ?? 'sdk-chat', messages: [{ role: 'user', content: question ?? 'Hello' }] },
        { waitUntil: (promise) => ctx.waitUntil(promise) },
      );
      return new Response(stream.toEventStream(), { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } });
    } catch (error) {
      // The SDK's typed error, without the key: its name, code and message are safe to pass on.
      if (!isSaaSLLMError(error)) throw error;
      const status = error.name === 'RateLimitError' ? 429 : error.name === 'InvalidRequestError' ? 400 : 502;
      return Response.json({ error: { name: error.name, code: error.code, message: error.message } }, { status });
    }
  },
};
