import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ChatStream,
  ModelAccessDeniedError,
  RequestAbortedError,
  SaaSLLMClient,
  ServerError,
  StreamError,
  StreamInterruptedError,
  TimeoutError,
  type ClientOptions,
  type StreamEndHookState,
} from '../src/index.js';
import {
  createEmulator,
  dropStreamAfter,
  errorFrame,
  errorFrameAfterDone,
  JOB_STREAM_BUG,
  plainTextError,
  rechunk,
  rewriteStream,
  serverErrors,
  stallAfter,
  type Fault,
} from '../src/testing/index.js';
import { clientOn, hello, rejectionOf, setup, useMswServer } from './helpers.js';

useMswServer();

const ANSWER = 'Hello from the fake upstream. You said: Say hello to the SDK';
const MODELS = ['sdk-chat', 'sdk-fireworks', 'sdk-claude', 'sdk-gemini'];

/** A client on an emulator whose per-job stream route works (the bug fixed), called through `fetch` directly. */
function fixedRoute(faults: Fault[] = [], options: ClientOptions = {}) {
  const emulator = createEmulator({ jobStreamRoute: 'fixed', faults });
  const ends: StreamEndHookState[] = [];
  const client = clientOn(emulator, { hooks: { onStreamEnd: (state) => void ends.push(state) }, ...options });
  return { emulator, client, ends };
}

async function openJobStream(client: SaaSLLMClient, model = 'sdk-chat', options = {}) {
  const job = await client.createJob('stream');
  const stream = await client.chatStream(job.job_id, { model, messages: hello }, options);
  return { jobId: job.job_id, stream };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createAndCallStream', () => {
  it.each([
    ['sdk-chat', 'openai'],
    ['sdk-fireworks', 'openai'],
    ['sdk-claude', 'anthropic'],
    ['sdk-gemini', 'gemini'],
  ])('streams %s (%s shape) as OpenAI-shaped chunks whose text is the whole answer', async (model, provider) => {
    const { client } = setup();
    const stream = await client.createAndCallStream({ job_type: 'stream', model, messages: hello });
    const pieces: string[] = [];
    const providers = new Set<string>();
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk');
      pieces.push(chunk.choices[0]?.delta.content ?? '');
      providers.add(chunk.provider);
    }
    expect(pieces.join('')).toBe(ANSWER);
    expect(stream.content).toBe(ANSWER);
    expect(stream.finishReason).toBe('stop');
    expect([...providers]).toEqual([provider]);
  });

  it('keeps the provider payload on .raw', async () => {
    const { client } = setup();
    const stream = await client.createAndCallStream({ job_type: 'stream', model: 'sdk-claude', messages: hello });
    const types: unknown[] = [];
    for await (const chunk of stream) types.push((chunk.raw as { type: string }).type);
    expect(types[0]).toBe('message_start');
    expect(types).toContain('content_block_delta');
    expect(types.at(-1)).toBe('message_delta');
  });

  it('completes and charges the job on the server', async () => {
    const { client, emulator } = setup();
    const before = await client.getCreditBalance();
    const stream = await client.createAndCallStream({ job_type: 'stream', model: 'sdk-chat', messages: hello });
    await stream.text();
    const [job] = emulator.jobs();
    expect(job?.status).toBe('COMPLETED');
    expect((await client.getCreditBalance()).credits_remaining).toBe(before.credits_remaining - 1);
  });

  it.each(MODELS)('parses %s delivered one byte at a time, multi-byte characters included', async (model) => {
    const { client } = setup({ emulator: { faults: [rechunk(1)] } });
    const said = 'héllo wörld ✓ 🎉';
    const stream = await client.createAndCallStream({ job_type: 'stream', model, messages: [{ role: 'user', content: said }] });
    expect(await stream.text()).toBe(`Hello from the fake upstream. You said: ${said}`);
  });

  it('ignores comments, blank data and non-JSON data lines', async () => {
    const noise: Fault = async (request, next) =>
      rewriteStream(await next(request), async function* (frames) {
        for await (const frame of frames) {
          yield ': ping\n\n';
          yield 'data: \n\n';
          yield 'data: not json\n\n';
          yield frame;
        }
      });
    const { client } = setup({ emulator: { faults: [noise] } });
    const stream = await client.createAndCallStream({ job_type: 'stream', model: 'sdk-chat', messages: hello });
    expect(await stream.text()).toBe(ANSWER);
    expect(stream.chunkCount).toBe(14);
  });

  it('turns a provider failure before any content into a retryable StreamError with the server text', async () => {
    const { client, emulator } = setup();
    const error = await rejectionOf(client.createAndCallStream({ job_type: 'stream', model: 'sdk-chat', messages: [{ role: 'user', content: '[fake:500]' }] }), StreamError);
    expect(error).toBeInstanceOf(StreamError);
    expect(error.detail).toMatch(/^500: Failed to call provider API: OpenAI error/);
    expect(error).toMatchObject({ chunkCount: 0, retryable: true, sendState: 'refused' });
    const [job] = emulator.jobs();
    expect(job?.status).toBe('FAILED');
    expect(emulator.requestsTo(/\/complete$/)).toHaveLength(0);
  });

  it('raises the usual typed error when the server refuses before streaming', async () => {
    const { client } = setup();
    const error = await rejectionOf(client.createAndCallStream({ job_type: 'stream', model: 'sdk-premium', messages: hello }), ModelAccessDeniedError);
    expect(error).toBeInstanceOf(ModelAccessDeniedError);
    expect(error.model).toBe('sdk-premium');
  });

  it('retries a refusal that came before the first byte', async () => {
    const { client, emulator } = fixedRoute([serverErrors({ status: 503, times: 1, path: '/api/jobs/create-and-call-stream' })], {
      retry: { baseDelayMs: 0 },
    });
    const stream = await client.createAndCallStream({ job_type: 'stream', model: 'sdk-chat', messages: hello });
    expect(await stream.text()).toBe(ANSWER);
    expect(emulator.requestsTo('/api/jobs/create-and-call-stream')).toHaveLength(2);
  });

  it('never retries once the stream has started', async () => {
    const { client, emulator } = fixedRoute([dropStreamAfter(2)], { retry: { baseDelayMs: 0 } });
    const stream = await client.createAndCallStream({ job_type: 'stream', model: 'sdk-chat', messages: hello });
    expect(await rejectionOf(stream.text())).toBeInstanceOf(StreamInterruptedError);
    expect(emulator.requestsTo('/api/jobs/create-and-call-stream')).toHaveLength(1);
  });

  it('asks for an event stream and sends the request id', async () => {
    const { client, emulator } = setup();
    const stream = await client.createAndCallStream({ job_type: 'stream', model: 'sdk-chat', messages: hello });
    await stream.text();
    const [request] = emulator.requestsTo('/api/jobs/create-and-call-stream');
    expect(request?.headers.accept).toBe('text/event-stream');
    expect(request?.headers['x-request-id']).toBe(stream.requestId);
    expect(stream.jobId).toBeUndefined();
  });
});

describe('chatStream on the route as deployed', () => {
  it('fails with the server error frame and auto-fails the job once', async () => {
    const { client, emulator } = setup();
    const job = await client.createJob('stream');
    const stream = await client.chatStream(job.job_id, { model: 'sdk-chat', messages: hello });
    const error = await rejectionOf(stream.text(), StreamError);
    expect(error).toBeInstanceOf(StreamError);
    expect(error.detail).toBe(JOB_STREAM_BUG);
    expect(error.partialContent).toBe('');
    expect(error.jobId).toBe(job.job_id);
    expect(emulator.job(job.job_id)?.status).toBe('FAILED');
    expect(emulator.job(job.job_id)?.error_message).toContain(JOB_STREAM_BUG);
    expect(emulator.requestsTo(`/api/jobs/${job.job_id}/complete`)).toHaveLength(1);
  });

  it('says the two ways around it: createAndCallStream (or chat), and the emulator\'s fixed route for tests', async () => {
    const { client } = setup();
    const job = await client.createJob('stream');
    const error = await rejectionOf((await client.chatStream(job.job_id, { model: 'sdk-chat', messages: hello })).text(), StreamError);
    expect(error.message).toContain('use createAndCallStream, or chat inside the job');
    expect(error.message).toContain("createEmulator({ jobStreamRoute: 'fixed' })");
  });
});

describe('chatStream failures keep what arrived and fail the job exactly once', () => {
  it('error frame → StreamError with the partial text', async () => {
    const { client, emulator } = fixedRoute([errorFrame('500: Failed to call provider API: boom', { after: 3 })]);
    const { jobId, stream } = await openJobStream(client);
    const error = await rejectionOf(stream.text(), StreamError);
    expect(error).toBeInstanceOf(StreamError);
    expect(error.detail).toBe('500: Failed to call provider API: boom');
    expect(error.partialContent).toBe('Hello from ');
    expect(error.chunkCount).toBe(3);
    expect(emulator.job(jobId)?.status).toBe('FAILED');
    expect(emulator.job(jobId)?.error_message).toBe('Stream failed after 3 chunks: 500: Failed to call provider API: boom');
    expect(emulator.requestsTo(`/api/jobs/${jobId}/complete`)).toHaveLength(1);
  });

  it('dropped connection → StreamInterruptedError', async () => {
    const { client, emulator } = fixedRoute([dropStreamAfter(4)]);
    const { jobId, stream } = await openJobStream(client);
    const error = await rejectionOf(stream.text(), StreamInterruptedError);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(error.partialContent).toBe('Hello from the ');
    expect(error.chunkCount).toBe(4);
    expect(emulator.job(jobId)?.status).toBe('FAILED');
    expect(emulator.requestsTo(`/api/jobs/${jobId}/complete`)).toHaveLength(1);
  });

  it.each(MODELS)('clean EOF before the end marker (%s) → StreamInterruptedError', async (model) => {
    const { client, emulator } = fixedRoute([dropStreamAfter(5, { eof: true })]);
    const { jobId, stream } = await openJobStream(client, model);
    const error = await rejectionOf(stream.text(), StreamInterruptedError);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(error.partialContent).toBe(stream.content);
    expect(error.chunkCount).toBe(stream.chunkCount);
    expect(stream.content.length).toBeGreaterThan(0);
    expect(emulator.job(jobId)?.status).toBe('FAILED');
    expect(emulator.requestsTo(`/api/jobs/${jobId}/complete`)).toHaveLength(1);
  });

  it('error frame after [DONE] → StreamError carrying the whole answer', async () => {
    const { client, emulator } = fixedRoute([errorFrameAfterDone('Failed to record the call')]);
    const { jobId, stream } = await openJobStream(client);
    const error = await rejectionOf(stream.text(), StreamError);
    expect(error).toBeInstanceOf(StreamError);
    expect(error.partialContent).toBe(ANSWER);
    expect(emulator.job(jobId)?.status).toBe('FAILED');
    expect(emulator.requestsTo(`/api/jobs/${jobId}/complete`)).toHaveLength(1);
  });

  it('silence longer than idleTimeoutMs → TimeoutError phase stream-idle', async () => {
    vi.useFakeTimers();
    const { client, emulator } = fixedRoute([stallAfter(2, 200_000)]);
    const { jobId, stream } = await openJobStream(client, 'sdk-chat', { idleTimeoutMs: 5_000 });
    const pending = rejectionOf(stream.text(), TimeoutError);
    await vi.advanceTimersByTimeAsync(5_000);
    const error = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.phase).toBe('stream-idle');
    expect(error.timeoutMs).toBe(5_000);
    expect(error.partialContent).toBe('Hello ');
    expect(error.chunkCount).toBe(2);
    expect(emulator.job(jobId)?.status).toBe('FAILED');
    expect(emulator.requestsTo(`/api/jobs/${jobId}/complete`)).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a stream slower than timeoutMs overall → TimeoutError phase stream-total', async () => {
    vi.useFakeTimers();
    const { client, emulator } = fixedRoute([stallAfter(4, 6_000), stallAfter(2, 6_000)]);
    const { jobId, stream } = await openJobStream(client, 'sdk-chat', { timeoutMs: 10_000, idleTimeoutMs: 8_000 });
    const pending = rejectionOf(stream.text(), TimeoutError);
    await vi.advanceTimersByTimeAsync(10_000);
    const error = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.phase).toBe('stream-total');
    expect(error.partialContent).toBe('Hello from the ');
    expect(error.chunkCount).toBe(4);
    expect(emulator.job(jobId)?.status).toBe('FAILED');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('autoFailJob: false leaves the job open', async () => {
    const { client, emulator } = fixedRoute([dropStreamAfter(2)]);
    const { jobId, stream } = await openJobStream(client, 'sdk-chat', { autoFailJob: false });
    expect(await rejectionOf(stream.text())).toBeInstanceOf(StreamInterruptedError);
    expect(emulator.job(jobId)?.status).toBe('IN_PROGRESS');
    expect(emulator.requestsTo(/\/complete$/)).toHaveLength(0);
  });

  it('a failed auto-fail is attached to the stream error, which is still what is thrown', async () => {
    const { client } = fixedRoute([dropStreamAfter(2), plainTextError({ path: /\/complete$/ })]);
    const { stream } = await openJobStream(client);
    const error = await rejectionOf(stream.text(), StreamInterruptedError);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(error.completionError).toBeInstanceOf(ServerError);
  });

  it('does not complete the job when the stream succeeds', async () => {
    const { client, emulator, ends } = fixedRoute();
    const { jobId, stream } = await openJobStream(client, 'sdk-gemini');
    expect(await stream.text()).toBe(ANSWER);
    expect(emulator.job(jobId)?.status).toBe('IN_PROGRESS');
    expect(ends.map((end) => end.outcome)).toEqual(['completed']);
  });

  it("onStreamEnd tells the answer's length and chunk count, also to a reader that never asked for the text", async () => {
    const { client, ends } = fixedRoute();
    const { stream } = await openJobStream(client);
    let chunks = 0;
    for await (const _chunk of stream) chunks += 1;
    const [end] = ends;
    expect(end).toMatchObject({ outcome: 'completed', chunkCount: chunks, contentLength: ANSWER.length, finishReason: 'stop' });
    expect(JSON.parse(JSON.stringify(end))).toMatchObject({ contentLength: ANSWER.length, chunkCount: chunks });
  });
});

describe('ChatStream helpers', () => {
  it('text() after a partial iteration resolves to the whole answer', async () => {
    const { client } = fixedRoute();
    const { stream } = await openJobStream(client);
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
    expect(stream.content).toBe('Hello ');
    expect(await stream.text()).toBe(ANSWER);
    expect(stream.chunkCount).toBe(14);
  });

  it('refuses a second iteration with a message that says why', async () => {
    const { client } = fixedRoute();
    const { stream } = await openJobStream(client);
    for await (const _chunk of stream) {
      // drain
    }
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/already iterated/);
    expect(() => stream.toReadableStream()).toThrow(/already iterated/);
  });

  it('breaking out of for await closes the stream and leaves no timer behind', async () => {
    vi.useFakeTimers();
    const { client, emulator, ends } = fixedRoute([stallAfter(2, 60_000)]);
    const { jobId, stream } = await openJobStream(client);
    let seen = 0;
    for await (const _chunk of stream) {
      seen += 1;
      if (seen === 2) break;
    }
    expect(seen).toBe(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(ends.map((end) => end.outcome)).toEqual(['aborted']);
    expect(emulator.job(jobId)?.status).toBe('IN_PROGRESS');
  });

  it('abort() stops an iteration in progress with RequestAbortedError', async () => {
    vi.useFakeTimers();
    const { client, emulator } = fixedRoute([stallAfter(2, 60_000)]);
    const { jobId, stream } = await openJobStream(client);
    const pending = rejectionOf(stream.text());
    await vi.advanceTimersByTimeAsync(10);
    stream.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(stream.content).toBe('Hello ');
    expect(emulator.job(jobId)?.status).toBe('IN_PROGRESS');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('after abort() the next step rejects with RequestAbortedError, even with chunks already parsed', async () => {
    // The whole answer in one read (as the real server sends it): every chunk is parsed at the first step.
    const events = ['Hel', 'lo ', 'wor', 'ld'].map((content) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`).join('');
    const body = new ReadableStream<Uint8Array>({ start: (controller) => controller.enqueue(new TextEncoder().encode(events)) });
    const stream = ChatStream.fromEventStream(body);
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.choices[0]?.delta.content).toBe('Hel');
    expect(stream.chunkCount).toBe(4);
    stream.abort();
    const error = await rejectionOf(iterator.next(), RequestAbortedError);
    // The iteration is over; text() reports how it ended.
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(await rejectionOf(stream.text())).toBe(error);
  });

  it("after the caller's signal aborts, the next step rejects at once", async () => {
    const { client } = fixedRoute();
    const controller = new AbortController();
    const { stream } = await openJobStream(client, 'sdk-chat', { signal: controller.signal });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    controller.abort();
    await expect(iterator.next()).rejects.toBeInstanceOf(RequestAbortedError);
  });

  it("the caller's signal stops the stream", async () => {
    vi.useFakeTimers();
    const { client } = fixedRoute([stallAfter(2, 60_000)]);
    const controller = new AbortController();
    const { stream } = await openJobStream(client, 'sdk-chat', { signal: controller.signal });
    const pending = rejectionOf(stream.text());
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    expect(await pending).toBeInstanceOf(RequestAbortedError);
  });

  it('text() after a failed iteration rejects with the same error', async () => {
    const { client } = fixedRoute([dropStreamAfter(3)]);
    const { stream } = await openJobStream(client);
    const iterated = await rejectionOf((async () => {
      for await (const _chunk of stream) {
        // drain
      }
    })());
    expect(iterated).toBeInstanceOf(StreamInterruptedError);
    expect(await rejectionOf(stream.text())).toBe(iterated);
  });

  it('cancelling toReadableStream() before reading closes the stream', async () => {
    vi.useFakeTimers();
    const { client, ends } = fixedRoute([stallAfter(2, 60_000)]);
    const { stream } = await openJobStream(client);
    await stream.toReadableStream().cancel();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(ends.map((end) => end.outcome)).toEqual(['aborted']);
  });

  it('toReadableStream() gives the answer text as bytes', async () => {
    const { client } = fixedRoute();
    const { stream } = await openJobStream(client, 'sdk-claude');
    expect(await new Response(stream.toReadableStream()).text()).toBe(ANSWER);
  });

  it('toReadableStream() errors with the typed error', async () => {
    const { client } = fixedRoute([dropStreamAfter(3)]);
    const { stream } = await openJobStream(client);
    expect(await rejectionOf(new Response(stream.toReadableStream()).text())).toBeInstanceOf(StreamInterruptedError);
  });
});

describe('OpenAI-shaped chunks', () => {
  it('are handed on as the server sent them, with their provider, and serialise without a cycle', async () => {
    const { client } = setup();
    const stream = await client.createAndCallStream({ job_type: 'stream', model: 'sdk-chat', messages: hello });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]).toMatchObject({ object: 'chat.completion.chunk', provider: 'openai', choices: [{ index: 0, delta: { role: 'assistant' } }] });
    expect(chunks.every((chunk) => chunk.raw === undefined)).toBe(true);
    expect(JSON.parse(JSON.stringify(chunks.at(-1)))).toMatchObject({ provider: 'openai', choices: [{ finish_reason: 'stop' }] });
  });
});
