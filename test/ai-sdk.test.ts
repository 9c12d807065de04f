/**
 * saas-litellm/ai-sdk through the real `ai` package (7), against the emulator: generateText, streamText,
 * a two-step tool loop (streamed and not), Output.object with a zod schema, an abort, a cut stream, a 401,
 * the request count on the wire when the SDK retried out, and a UI message stream read back.
 */
import { APICallError, generateText, Output, stepCountIs, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createSaasLiteLLM } from '../src/ai-sdk/index.js';
import { AuthenticationError, RequestAbortedError, ServiceUnavailableError, StreamInterruptedError } from '../src/index.js';
import { createEmulator, dropStreamAfter, serverErrors, stallAfter, type EmulatorOptions, type UpstreamRequest } from '../src/testing/index.js';
import { closingClients } from './helpers.js';
import { uiMessageText } from './ui-message-text.js';

const clientFor = closingClients();

function setup(options: EmulatorOptions = {}, clientOptions: Parameters<typeof clientFor>[1] = {}) {
  const emulator = createEmulator({ jobStreamRoute: 'fixed', ...options });
  const client = clientFor(emulator, clientOptions);
  return { emulator, client, saas: createSaasLiteLLM({ client }) };
}

/** The model asks for the weather once; given the tool's result, it answers with it. */
function weatherModel(request: UpstreamRequest) {
  const result = request.messages.find((message) => message.role === 'tool');
  if (result !== undefined) return `The weather: ${String(result.content)}`;
  return { toolCalls: [{ id: 'call_weather', name: 'get_weather', arguments: { city: 'Paris' } }] };
}

const weatherTool = (calls: unknown[]) =>
  tool({
    description: 'The weather in a city',
    inputSchema: z.object({ city: z.string() }),
    execute: async (input) => {
      calls.push(input);
      return { city: input.city, sky: 'sunny' };
    },
  });

describe('saas-litellm/ai-sdk', () => {
  it('generateText: one create-and-call job, its id and call id in the provider metadata', async () => {
    const { emulator, saas } = setup();
    const result = await generateText({ model: saas('sdk-chat'), system: 'Be brief.', prompt: 'Say hello to the AI SDK' });
    expect(result.text).toContain('Say hello to the AI SDK');
    expect(result.finishReason).toBe('stop');
    const jobId = result.providerMetadata?.saasLitellm?.jobId as string;
    expect(emulator.job(jobId)?.status).toBe('COMPLETED');
    expect(emulator.job(jobId)?.job_type).toBe('ai-sdk');
    const [sent] = emulator.requestsTo('/api/jobs/create-and-call');
    expect(sent?.body).toMatchObject({ model: 'sdk-chat', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Say hello to the AI SDK' }] });
  });

  it('maps the settings, and warns about those the API has no field for', async () => {
    const { emulator, saas } = setup();
    const result = await generateText({ model: saas('sdk-chat'), prompt: 'hi', maxOutputTokens: 64, temperature: 0.2, topP: 0.9, stopSequences: ['END'], seed: 7, topK: 3 });
    expect(emulator.requestsTo('/api/jobs/create-and-call')[0]?.body).toMatchObject({ max_tokens: 64, temperature: 0.2, top_p: 0.9, stop: ['END'] });
    expect(emulator.requestsTo('/api/jobs/create-and-call')[0]?.body).not.toHaveProperty('seed');
    expect(result.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'unsupported', feature: 'seed' }), expect.objectContaining({ type: 'unsupported', feature: 'topK' })]));
  });

  it('streamText: the text as it streams, the finish reason and the usage (an Anthropic model: its events normalised)', async () => {
    const { saas } = setup();
    const result = streamText({ model: saas('sdk-claude'), prompt: 'Stream a short greeting' });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe('Hello from the fake upstream. You said: Stream a short greeting');
    expect(await result.finishReason).toBe('stop');
    const usage = await result.usage;
    expect((await result.response).modelId).toBe('claude-3-5-haiku-latest');
    expect(usage.inputTokens).toBeGreaterThan(0);
    expect(usage.outputTokens).toBeGreaterThan(0);
  });

  it('a two-step tool loop with streamText: the tool call streamed by the provider, the tool run, the answer', async () => {
    const { emulator, saas } = setup({ reply: weatherModel });
    const calls: unknown[] = [];
    const result = streamText({ model: saas('sdk-chat'), tools: { get_weather: weatherTool(calls) }, stopWhen: stepCountIs(3), prompt: 'Weather in Paris?' });
    const parts: string[] = [];
    for await (const part of result.fullStream) parts.push(part.type);
    expect(calls).toEqual([{ city: 'Paris' }]);
    expect(await result.text).toBe('The weather: {"city":"Paris","sky":"sunny"}');
    expect((await result.steps).length).toBe(2);
    expect(parts).toEqual(expect.arrayContaining(['tool-input-start', 'tool-input-delta', 'tool-input-end', 'tool-call', 'tool-result', 'text-delta', 'finish']));
    // The second call carried the tool's result, in the API's (OpenAI's) shape.
    const second = emulator.requestsTo('/api/jobs/create-and-call-stream')[1]?.body as { messages: Array<Record<string, unknown>> };
    expect(second.messages.at(-2)).toMatchObject({ role: 'assistant', content: null, tool_calls: [{ id: 'call_weather', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] });
    expect(second.messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call_weather' });
  });

  it('generateText with tools, one job for the whole loop (saas.withJob): both calls in the job, completed once', async () => {
    const { emulator, saas } = setup({ reply: weatherModel });
    const calls: unknown[] = [];
    const { text, jobId } = await saas.withJob('weather', async (job) => {
      const result = await generateText({ model: job.model('sdk-chat'), tools: { get_weather: weatherTool(calls) }, stopWhen: stepCountIs(3), prompt: 'Weather in Paris?' });
      expect(result.providerMetadata?.saasLitellm?.jobId).toBe(job.jobId);
      return { text: result.text, jobId: job.jobId };
    });
    expect(text).toBe('The weather: {"city":"Paris","sky":"sunny"}');
    expect(calls).toHaveLength(1);
    const job = emulator.job(jobId);
    expect(job?.calls).toHaveLength(2);
    expect(job?.status).toBe('COMPLETED');
    expect(job?.completions).toBe(1);
  });

  it('toolChoice naming a tool is sent in the API\'s (OpenAI\'s) shape, with the tools', async () => {
    const { emulator, saas } = setup({ reply: weatherModel });
    await generateText({ model: saas('sdk-chat'), tools: { get_weather: weatherTool([]) }, toolChoice: { type: 'tool', toolName: 'get_weather' }, prompt: 'Weather in Paris?' });
    expect(emulator.requestsTo('/api/jobs/create-and-call-stream')[0]?.body).toMatchObject({
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'The weather in a city', parameters: { type: 'object' } } }],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
  });

  it('a job passed per call (providerOptions.saasLitellm.jobId)', async () => {
    const { emulator, client, saas } = setup();
    const { job_id: jobId } = await client.createJob('per-call');
    const result = await generateText({ model: saas('sdk-chat'), prompt: 'hi', providerOptions: { saasLitellm: { jobId } } });
    expect(result.providerMetadata?.saasLitellm).toMatchObject({ jobId, callId: expect.any(String) });
    expect(emulator.job(jobId)?.calls).toHaveLength(1);
  });

  it('Output.object with a zod schema: a strict json_schema response format, the answer parsed and checked', async () => {
    const { emulator, saas } = setup({ reply: (request) => (request.responseFormat ? JSON.stringify({ priority: 'high', summary: 'Printer on fire' }) : undefined) });
    const { output } = await generateText({ model: saas('sdk-chat'), output: Output.object({ schema: z.object({ priority: z.enum(['low', 'high']), summary: z.string() }) }), prompt: 'Triage: the printer is on fire' });
    expect(output).toEqual({ priority: 'high', summary: 'Printer on fire' });
    expect(emulator.requestsTo('/api/jobs/create-and-call')[0]?.body).toMatchObject({ response_format: { type: 'json_schema', json_schema: { name: 'response', schema: { type: 'object' } } } });
  });

  it('an abort passes through: the stream stops at once (the AI SDK reports it as an abort), nothing more is read', async () => {
    const { emulator, saas } = setup({ faults: [stallAfter(2, 60_000)] });
    const controller = new AbortController();
    const result = streamText({ model: saas('sdk-chat'), prompt: 'Stream a short greeting', abortSignal: controller.signal, onError: () => {} });
    const seen: string[] = [];
    for await (const part of result.fullStream) {
      seen.push(part.type);
      if (part.type === 'text-delta') controller.abort();
    }
    expect(seen.filter((type) => type === 'text-delta')).toHaveLength(1);
    expect(seen).toContain('abort');
    expect(emulator.requests).toHaveLength(1);
  });

  it('a cut stream: the partial text, then an error part (APICallError, cause StreamInterruptedError); in a job, the job FAILED', async () => {
    const { emulator, client, saas } = setup({ faults: [dropStreamAfter(4)] });
    const { job_id: jobId } = await client.createJob('cut');
    const errors: unknown[] = [];
    const result = streamText({ model: saas('sdk-chat', { jobId }), prompt: 'Stream a short greeting', onError: ({ error }) => void errors.push(error) });
    let text = '';
    for await (const part of result.fullStream) if (part.type === 'text-delta') text += part.text;
    expect(text.length).toBeGreaterThan(0);
    expect(errors).toHaveLength(1);
    const error = errors[0] as APICallError;
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error.cause).toBeInstanceOf(StreamInterruptedError);
    expect((error.cause as StreamInterruptedError).partialContent).toBe(text);
    expect(emulator.job(jobId)?.status).toBe('FAILED');
  });

  it('a 401: APICallError with the status and the SDK error as cause, not retried by the AI SDK; the key nowhere in it', async () => {
    const { emulator, saas } = setup({}, { virtualKey: 'sk-wrong-key-0123456789' });
    const error = await generateText({ model: saas('sdk-chat'), prompt: 'hi' }).catch((thrown: unknown) => thrown);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 401, isRetryable: false, responseBody: expect.stringContaining('Invalid API key') });
    expect((error as APICallError).cause).toBeInstanceOf(AuthenticationError);
    expect(emulator.requests).toHaveLength(1);
    expect(JSON.stringify({ ...(error as APICallError), cause: undefined })).not.toContain('sk-wrong-key');
  });

  it('a failure the SDK retried out is not retried again by the AI SDK (requests on the wire: 1 + the SDK\'s retries)', async () => {
    const { emulator, saas } = setup({ faults: [serverErrors({ status: 503 })] }, { retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2, jitter: 0 }, retryBudget: false });
    // The AI SDK would retry an APICallError marked retryable twice (maxRetries 2): 9 requests.
    const error = await generateText({ model: saas('sdk-chat'), prompt: 'hi', maxRetries: 2 }).catch((thrown: unknown) => thrown);
    expect((error as APICallError).cause).toBeInstanceOf(ServiceUnavailableError);
    expect((error as APICallError).data).toMatchObject({ retryable: true, code: 'service_unavailable' });
    expect(emulator.requests).toHaveLength(3);
  });

  it('a route answering streamText(…).toUIMessageStreamResponse(), read back with the AI SDK\'s UI stream reader', async () => {
    const { saas } = setup();
    const response = streamText({ model: saas('sdk-chat'), prompt: 'Stream a short greeting' }).toUIMessageStreamResponse();
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await uiMessageText(response);
    expect(text).toBe('Hello from the fake upstream. You said: Stream a short greeting');
  });

  it('an abort before the call: RequestAbortedError as the cause, nothing sent', async () => {
    const { emulator, saas } = setup();
    const controller = new AbortController();
    controller.abort();
    const error = await generateText({ model: saas('sdk-chat'), prompt: 'hi', abortSignal: controller.signal }).catch((thrown: unknown) => thrown);
    expect(error).toBeDefined();
    const cause = APICallError.isInstance(error) ? error.cause : error;
    expect(cause instanceof RequestAbortedError || (cause as Error).name === 'AbortError').toBe(true);
    expect(emulator.requests).toHaveLength(0);
  });
});
