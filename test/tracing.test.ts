/** OpenTelemetry: one span per call, through the in-memory exporter of @opentelemetry/sdk-trace-base. */
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitError } from '../src/index.js';
import { createEmulator, dropStreamAfter, rateLimited, TEST_VIRTUAL_KEY } from '../src/testing/index.js';
import { clientOn, rejectionOf } from './helpers.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('saas-litellm-test');
const manager = new AsyncLocalStorageContextManager();
const SECRET_QUESTION = 'my account number is 12345';

beforeAll(() => {
  context.setGlobalContextManager(manager.enable());
});
afterAll(() => {
  context.disable();
});
afterEach(() => {
  exporter.reset();
});

const spans = () => exporter.getFinishedSpans();

describe('tracer', () => {
  it('one client span per call, with HTTP and GenAI attributes, a retry event, and the traceparent sent', async () => {
    const emulator = createEmulator({ faults: [rateLimited({ times: 1, retryAfterMs: 1, path: /\/llm-call$/ })] });
    const client = clientOn(emulator, { tracer, retry: { maxRetries: 2, baseDelayMs: 1 } });
    const job = await client.createJob('traced');
    await client.chat(job.job_id, { model: 'sdk-chat', messages: [{ role: 'user', content: SECRET_QUESTION }] });
    const [create, chat] = spans();
    expect(create?.name).toBe('saas_llm.createJob');
    expect(chat?.name).toBe('saas_llm.chat');
    expect(chat?.kind).toBe(2);
    expect(chat?.attributes).toMatchObject({
      'http.request.method': 'POST',
      'url.template': '/api/jobs/{job_id}/llm-call',
      'http.response.status_code': 200,
      'saas_llm.job_id': job.job_id,
      'saas_llm.attempts': 2,
      'gen_ai.request.model': 'sdk-chat',
      'gen_ai.response.model': 'sdk-chat',
    });
    expect(chat?.events.map((event) => [event.name, event.attributes])).toEqual([['saas_llm.retry', { 'saas_llm.attempt': 1, 'saas_llm.retry.delay_ms': expect.any(Number), 'saas_llm.retry.reason': 'rate_limited' }]]);
    // Each attempt carried the span's W3C traceparent.
    const { traceId, spanId } = chat!.spanContext();
    const sent = emulator.requestsTo(/\/llm-call$/).map((request) => request.headers.traceparent);
    expect(sent).toEqual([`00-${traceId}-${spanId}-01`, `00-${traceId}-${spanId}-01`]);
    // Nothing secret, and no message content.
    const everything = JSON.stringify(spans().map((span) => [span.name, span.attributes, span.events, span.status]));
    expect(everything).not.toContain(TEST_VIRTUAL_KEY);
    expect(everything).not.toContain(SECRET_QUESTION);
  });

  it("joins the caller's trace: the span is a child of the active span", async () => {
    const client = clientOn(createEmulator(), { tracer });
    const parent = tracer.startSpan('handle-request');
    await context.with(trace.setSpan(context.active(), parent), () => client.getCreditBalance());
    parent.end();
    const balance = spans().find((span) => span.name === 'saas_llm.getCreditBalance');
    expect(balance?.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(balance?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
  });

  it('a failed call: error.type and an error status, never the message', async () => {
    const emulator = createEmulator({ faults: [rateLimited()] });
    const client = clientOn(emulator, { tracer });
    await rejectionOf(client.getCreditBalance(), RateLimitError);
    const [span] = spans();
    expect(span?.attributes).toMatchObject({ 'error.type': 'rate_limited', 'http.response.status_code': 429, 'saas_llm.attempts': 1 });
    expect(span?.status).toEqual({ code: 2, message: 'rate_limited' });
  });

  it("a stream's span ends when the stream ends, with its outcome and chunk count", async () => {
    const emulator = createEmulator({ jobStreamRoute: 'fixed' });
    const client = clientOn(emulator, { tracer });
    const stream = await client.createAndCallStream({ job_type: 'traced', model: 'sdk-claude', messages: [{ role: 'user', content: SECRET_QUESTION }] });
    expect(spans()).toHaveLength(0);
    await stream.text();
    const [span] = spans();
    expect(span?.attributes).toMatchObject({ 'saas_llm.stream.outcome': 'completed', 'saas_llm.stream.chunks': stream.chunkCount, 'gen_ai.request.model': 'sdk-claude', 'http.response.status_code': 200 });
    expect(stream.usage).toBeDefined();
    expect(span?.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': stream.usage?.prompt_tokens, 'gen_ai.usage.output_tokens': stream.usage?.completion_tokens });

    exporter.reset();
    emulator.use(dropStreamAfter(3));
    const job = await client.createJob('cut');
    const cut = await client.chatStream(job.job_id, { model: 'sdk-chat', messages: [{ role: 'user', content: 'hi' }] });
    await rejectionOf(cut.text());
    const streamSpan = spans().find((candidate) => candidate.name === 'saas_llm.chatStream');
    expect(streamSpan?.attributes).toMatchObject({ 'saas_llm.stream.outcome': 'failed', 'saas_llm.stream.chunks': 3, 'error.type': 'stream_interrupted' });
    // The SDK's own completion of the failed job is traced too.
    expect(spans().map((candidate) => candidate.name)).toContain('saas_llm.completeJob');
  });

  it('checks its option', () => {
    expect(() => clientOn(createEmulator(), { tracer: {} as never })).toThrow(/tracer/);
  });
});
