/** Streams end on time: the grace after the end marker, one time budget, an idle timer on data, the last event kept. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TimeoutError, type SaaSLLMClient } from '../src/index.js';
import { createEmulator, keepAliveOnlyAfter, lingerAfterEnd, slow, stallAfter, stripFinalBlankLine, type Fault } from '../src/testing/index.js';
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
    const { client } = fixedRoute([slow(600, { path: /create-and-call-stream/ }), stallAfter(1, 60_000)]);
    const opening = client.createAndCallStream({ job_type: 'x', model: 'sdk-chat', messages: hello }, { timeoutMs: 1_000, idleTimeoutMs: 30_000 });
    await vi.advanceTimersByTimeAsync(600);
    const pending = rejectionOf((await opening).text(), TimeoutError);
    const { settled } = await settledWithin(pending, 400);
    expect(settled).toBe(true);
    const error = await pending;
    expect(error.phase).toBe('stream-total');
    expect(error.timeoutMs).toBe(1_000);
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

  it('keep-alive comments do not reset the idle timer', async () => {
    vi.useFakeTimers();
    const { client } = fixedRoute([keepAliveOnlyAfter(2, 300, 60_000)]);
    const { stream } = await jobStream(client, 'sdk-chat', { idleTimeoutMs: 1_000 });
    const pending = rejectionOf(stream.text(), TimeoutError);
    const { settled } = await settledWithin(pending, 1_000);
    expect(settled).toBe(true);
    expect(await pending).toMatchObject({ phase: 'stream-idle', chunkCount: 2 });
  });
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
