/**
 * A Vercel-style Edge route (Next.js `app/api/chat/route.ts`) that relays a chat answer as it streams:
 * POST `{ "question": "…" }` answers `text/event-stream` (read it in a page with
 * `ChatStream.fromEventStream(response.body)`).
 *
 *   environment: SAAS_LITELLM_API_URL, SAAS_LITELLM_TEAM_ID, SAAS_LITELLM_VIRTUAL_KEY (SAAS_LITELLM_MODEL optional)
 *
 * The client is built at module scope: nothing runs at construction, and the Edge runtime's missing
 * `AbortSignal.any` has a fallback. Edge bundles take the package's browser build, which reads no
 * environment, so the settings are passed in. Run by the runtime matrix in edge-runtime (test/runtimes).
 */
import { isSaaSLLMError, SaaSLLMClient } from 'saas-litellm';

export const runtime = 'edge';

function setting(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
}

const client = new SaaSLLMClient({ baseUrl: setting('SAAS_LITELLM_API_URL'), teamId: setting('SAAS_LITELLM_TEAM_ID'), virtualKey: setting('SAAS_LITELLM_VIRTUAL_KEY') });

export async function POST(request: Request): Promise<Response> {
  const { question } = (await request.json().catch(() => ({}))) as { question?: string };
  try {
    // A deadline for the call and the stream, and the caller's signal (the page going away).
    const stream = await client.createAndCallStream(
      { job_type: 'edge-relay', model: process.env.SAAS_LITELLM_MODEL ?? 'sdk-chat', messages: [{ role: 'user', content: question ?? 'Hello' }] },
      { signal: request.signal, deadlineMs: 60_000 },
    );
    return new Response(stream.toEventStream(), { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } });
  } catch (error) {
    if (!isSaaSLLMError(error)) throw error;
    const status = error.name === 'RateLimitError' ? 429 : error.name === 'InvalidRequestError' ? 400 : 502;
    return Response.json({ error: { name: error.name, code: error.code, message: error.message } }, { status });
  }
}
