/** Streams end on time: the grace after the end marker, one time budget, an idle timer on data, the last event kept. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StreamError, TimeoutError, type SaaSLLMClient } from '../src/index.js';
import { createEmulator, errorFrame, keepAliveOnlyAfter, lingerAfterEnd, slow, stallAfter, stripFinalBlankLine, type Fault } from '../src/testing/index.js';
import { clientOn, hello, rejectionOf } from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

function fixedRoute(faults: Fault[]) {
  const emulator = createEmulator({ jobStreamRoute: 'fixed', faults });
  return { emulator, client: clientOn(emulator) };
}

async function jobStream(client: SaaSLLMClient, model: string, options = {}) {
  const job = await client.createJob('timing');
  return { jobId: job.job_id, stream: await client.chatStream(job.job_id, { model, messages: hello }, options) };
}

const settledWithin = async <T>(promise: Promise<T>, ms: number): Promise<{ settled: boolean; value?: T | undefined }> => {
  let settled = false;
  let value: T | undefined;
  void promise.then((result) => {
    settled = true;
    value = result;
  });
  await vi.advanceTimersByTimeAsync(ms);
  return { settled, value };
};

describe('ending on time', () => {
  it('a connection that lingers after [DONE] ends the stream, complete, after endGraceMs', async () => {
    vi.useFakeTimers();
    const { client, emulator } = fixedRoute([lingerAfterEnd()]);
    const { jobId, stream } = await jobStream(client, 'sdk-chat', { endGraceMs: 2_000 });
    const text = stream.text();
    expect((await settledWithin(text, 1_900)).settled).toBe(false);
    const { settled, value } = await settledWithin(text, 200);
    expect(settled).toBe(true);
    expect(value).toBe('Hello from the fake upstream. You said: Say hello to the SDK');
    expect(emulator.requestsTo(`/api/jobs/${jobId}/complete`)).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('the default grace is 2 s', async () => {
    vi.useFakeTimers();
    const { client } = fixedRoute([lingerAfterEnd()]);
    const stream = await client.createAndCallStream({ job_type: 'x', model: 'sdk-chat', messages: hello });
    expect((await settledWithin(stream.text(), 2_000)).settled).toBe(true);
  });
});

describe('one time budget', () => {
  it('timeoutMs counts from the call: slow headers leave less for the body', async () => {
    vi.useFakeTimers();
    const { client } = fixedRoute([slow(600, { path: /create-and-call-stream/ }), stallAfter(2, 60_000)]);
    const opening = client.createAndCallStream({ job_type: 'x', model: 'sdk-chat', messages: hello }, { timeoutMs: 1_000, idleTimeoutMs: 30_000 });
    const pending = rejectionOf(opening.then((stream) => stream.text()), TimeoutError);
    expect((await settledWithin(pending, 990)).settled).toBe(false);
    expect((await settledWithin(pending, 20)).settled).toBe(true);
    const error = await pending;
    expect(error.phase).toBe('stream-total');
    expect(error.timeoutMs).toBe(1_000);
    expect(error.partialContent).toBe('Hello ');
  });

  it('deadlineMs bounds the body too', async () => {
    vi.useFakeTimers();
    const { client, emulator } = fixedRoute([stallAfter(2, 50_000)]);
    const { jobId, stream } = await jobStream(client, 'sdk-chat', { deadlineMs: 1_000 });
    const pending = rejectionOf(stream.text(), TimeoutError);
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await pending;
    expect(error).toMatchObject({ phase: 'deadline', timeoutMs: 1_000, partialContent: 'Hello ' });
    expect(emulator.job(jobId)?.status).toBe('FAILED');
  });

  for (const [name, frame] of [
    ['keep-alive comments', ': keepalive\n\n'],
    ['empty events', 'data:\n\n'],
  ] as const) {
    it(`${name} do not reset the idle timer`, async () => {
      vi.useFakeTimers();
      const { client } = fixedRoute([keepAliveOnlyAfter(2, 300, 60_000, { frame })]);
      const { stream } = await jobStream(client, 'sdk-chat', { idleTimeoutMs: 1_000 });
      const pending = rejectionOf(stream.text(), TimeoutError);
      const { settled } = await settledWithin(pending, 1_000);
      expect(settled).toBe(true);
      expect(await pending).toMatchObject({ phase: 'stream-idle', chunkCount: 2 });
    });
  }
});

describe('the last event without its blank line', () => {
  for (const [model, text] of [
    ['sdk-claude', 'Hello from the fake upstream. You said: Say hello to the SDK'],
    ['sdk-gemini', 'Hello from the fake upstream. You said: Say hello to the SDK'],
    ['sdk-chat', 'Hello from the fake upstream. You said: Say hello to the SDK'],
  ] as const) {
    it(`${model}: delivered, and the answer judged complete on it`, async () => {
      const { client, emulator } = fixedRoute([stripFinalBlankLine()]);
      const { jobId, stream } = await jobStream(client, model);
      expect(await stream.text()).toBe(text);
      expect(stream.finishReason).toBe('stop');
      expect(emulator.requestsTo(`/api/jobs/${jobId}/complete`)).toHaveLength(0);
    });
  }
});

describe('a stream that fails before any content is retried like a call', () => {
  const uncharged = "500: Failed to call provider API: OpenAI error: Error code: 503 - {'error': {'message': 'overloaded'}}";
  const retrying = { retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1, jitter: 0 } };

  it('createAndCallStream: the caller sees one whole stream; the server saw two', async () => {
    const emulator = createEmulator({ jobStreamRoute: 'fixed', faults: [errorFrame(uncharged, { times: 1, path: /create-and-call-stream/ })] });
    const client = clientOn(emulator, retrying);
    const stream = await client.createAndCallStream({ job_type: 'x', model: 'sdk-chat', messages: hello });
    expect(await stream.text()).toBe('Hello from the fake upstream. You said: Say hello to the SDK');
    expect(emulator.requestsTo(/create-and-call-stream/)).toHaveLength(2);
  });

  it('chatStream: the job is not failed by the retried attempt', async () => {
    const emulator = createEmulator({ jobStreamRoute: 'fixed', faults: [errorFrame(uncharged, { times: 1, path: /llm-call-stream/ })] });
    const client = clientOn(emulator, retrying);
    const { jobId, stream } = await jobStream(client, 'sdk-claude');
    expect(await stream.text()).toBe('Hello from the fake upstream. You said: Say hello to the SDK');
    expect(emulator.requestsTo(`/api/jobs/${jobId}/llm-call-stream`)).toHaveLength(2);
    expect(emulator.requestsTo(`/api/jobs/${jobId}/complete`)).toHaveLength(0);
  });

  it('a stream opens at its first chunk, even when the content is slow to follow', async () => {
    vi.useFakeTimers();
    const emulator = createEmulator({ jobStreamRoute: 'fixed', faults: [stallAfter(1, 60_000)] });
    const opened = await settledWithin(clientOn(emulator).createAndCallStream({ job_type: 'x', model: 'sdk-chat', messages: hello }), 0);
    expect(opened.settled).toBe(true);
    expect(opened.value?.chunkCount).toBe(1);
    opened.value?.abort();
  });

  it('after the first chunk, never', async () => {
    const emulator = createEmulator({ jobStreamRoute: 'fixed', faults: [errorFrame(uncharged, { after: 3, path: /create-and-call-stream/ })] });
    const stream = await clientOn(emulator, retrying).createAndCallStream({ job_type: 'x', model: 'sdk-chat', messages: hello });
    const error = await rejectionOf(stream.text(), StreamError);
    expect(error.partialContent).toBe('Hello from ');
    expect(emulator.requestsTo(/create-and-call-stream/)).toHaveLength(1);
  });

  it('a configuration failure is not retried', async () => {
    const emulator = createEmulator({ jobStreamRoute: 'fixed', providersWithoutCredentials: ['openai'] });
    const client = clientOn(emulator, retrying);
    const stream = await client.createAndCallStream({ job_type: 'x', model: 'sdk-chat', messages: hello });
    expect((await rejectionOf(stream.text(), StreamError)).detail).toContain('No provider credentials');
    expect(emulator.requestsTo(/create-and-call-stream/)).toHaveLength(1);
  });

  it('when retries run out, the job is failed once', async () => {
    const emulator = createEmulator({ jobStreamRoute: 'fixed', faults: [errorFrame(uncharged, { path: /llm-call-stream/ })] });
    const client = clientOn(emulator, retrying);
    const job = await client.createJob('x');
    const error = await rejectionOf(client.chatStream(job.job_id, { model: 'sdk-chat', messages: hello }), StreamError);
    expect(error.attempts).toBe(3);
    expect(emulator.job(job.job_id)?.status).toBe('FAILED');
    expect(emulator.requestsTo(`/api/jobs/${job.job_id}/complete`)).toHaveLength(1);
  });
});
