/**
 * The chat route of an AI SDK app, written once for Node and for a Worker: `POST /api/chat` with
 * `{ messages }` (what `useChat` sends) answers `streamText(…).toUIMessageStreamResponse()`, the model
 * served by SaaS LiteLLM through `saas-litellm/ai-sdk`, with one tool. Each model call of a turn (the tool
 * round trip makes two) is its own create-and-call job, which the server completes or fails itself: a
 * streamed call inside one job needs the per-job stream route, which the deployed server cannot serve yet.
 */
import { convertToModelMessages, stepCountIs, streamText, tool, type UIMessage } from 'ai';
import * as z from 'zod';
import type { SaasLiteLLMProvider } from 'saas-litellm/ai-sdk';

const tools = {
  local_time: tool({
    description: 'The current time in an IANA time zone, e.g. Europe/Paris',
    inputSchema: z.object({ timeZone: z.string() }),
    execute: async ({ timeZone }) => ({ timeZone, time: new Date().toLocaleTimeString('en-GB', { timeZone }) }),
  }),
};

/** A fetch-style handler; `waitUntil` (a Worker's `ctx.waitUntil`) receives what the SDK leaves running after the response. */
export function chatRoute(saas: SaasLiteLLMProvider, model = 'sdk-chat'): (request: Request, waitUntil?: (promise: Promise<unknown>) => void) => Promise<Response> {
  return async (request, waitUntil) => {
    if (request.method !== 'POST' || new URL(request.url).pathname !== '/api/chat') return new Response('POST /api/chat', { status: 404 });
    const { messages } = (await request.json().catch(() => ({}))) as { messages?: UIMessage[] };
    if (!Array.isArray(messages) || messages.length === 0) return Response.json({ error: '`messages` must be a non-empty array of UI messages' }, { status: 400 });
    const result = streamText({
      model: saas(model, { jobType: 'ai-sdk-chat' }),
      tools,
      stopWhen: stepCountIs(3),
      messages: await convertToModelMessages(messages),
    });
    // Read to the end even if the page goes away, so that the job ends as the answer did.
    waitUntil?.(Promise.resolve(result.consumeStream()));
    return result.toUIMessageStreamResponse();
  };
}
