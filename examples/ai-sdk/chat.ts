/**
 * The chat route of an AI SDK app, written once for Node and for a Worker: `POST /api/chat` with
 * `{ messages }` (what `useChat` sends) answers `streamText(…).toUIMessageStreamResponse()`, the model
 * served by SaaS LiteLLM through `saas-litellm/ai-sdk`, with one tool. Each conversation turn is one job
 * (`saas.withJob`): its model calls, the tool round trip included, are calls of that job, and the job is
 * completed when the answer has streamed (FAILED when it broke).
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

/** `waitUntil`: where the job's completion goes, which runs after the response (a Worker's `ctx.waitUntil`). */
export function chatRoute(saas: SaasLiteLLMProvider, model = 'sdk-chat'): (request: Request, waitUntil?: (promise: Promise<unknown>) => void) => Promise<Response> {
  return async (request, waitUntil) => {
    if (request.method !== 'POST' || new URL(request.url).pathname !== '/api/chat') return new Response('POST /api/chat', { status: 404 });
    const { messages } = (await request.json().catch(() => ({}))) as { messages?: UIMessage[] };
    if (!Array.isArray(messages) || messages.length === 0) return Response.json({ error: '`messages` must be a non-empty array of UI messages' }, { status: 400 });
    const prompt = await convertToModelMessages(messages);
    // The job stays open while the answer streams: withJob completes it once the stream has ended.
    let finish!: (outcome: 'completed' | Error) => void;
    const streamed = new Promise<'completed' | Error>((resolve) => (finish = resolve));
    let response!: Response;
    const started = new Promise<void>((resolve) => {
      const turn = saas
        .withJob('ai-sdk-chat', async (job) => {
          const result = streamText({
            model: job.model(model),
            tools,
            stopWhen: stepCountIs(3),
            messages: prompt,
            onFinish: () => finish('completed'),
            onError: ({ error }) => finish(error instanceof Error ? error : new Error(String(error))),
          });
          response = result.toUIMessageStreamResponse();
          resolve();
          const outcome = await streamed;
          if (outcome !== 'completed') throw outcome;
        })
        .catch(() => {
          // The stream told the page; the job is FAILED.
        });
      waitUntil?.(turn);
    });
    await started;
    return response;
  };
}
