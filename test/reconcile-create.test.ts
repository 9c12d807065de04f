/**
 * Job-creating requests after a lost answer: each carries the SDK's reference in the job's metadata,
 * and after an ambiguous failure the SDK looks for it among the team's newest jobs instead of guessing.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnswerLostError, ConnectionError, StreamInterruptedError, TimeoutError, type ClientOptions } from '../src/index.js';
import { createEmulator, dropStreamAfter, loseAnswer, networkError, TEST_TEAM_ID, type Emulator, type Fault } from '../src/testing/index.js';
import { clientOn, hello, rejectionOf } from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

const REF = 'saas_litellm_ref';
const quick: ClientOptions = { retry: { maxRetries: 3, baseDelayMs: 0, maxDelayMs: 0, jitter: 0 } };
const credits = (emulator: Emulator) => {
  const team = emulator.team(TEST_TEAM_ID);
  return (team?.creditsAllocated ?? 0) - (team?.creditsUsed ?? 0);
};
const references = (emulator: Emulator, path: string | RegExp, field: 'metadata' | 'job_metadata') =>
  emulator.requestsTo(path).map((request) => ((request.body as Record<string, Record<string, unknown>>)[field] ?? {})[REF]);
const single = { job_type: 'one-shot', model: 'sdk-chat', messages: hello };

describe('createJob creates exactly one job', () => {
  it('the answer lost after the server stored the job: one job on the server, and createJob resolves with it', async () => {
    const emulator = createEmulator({ faults: [loseAnswer({ path: '/api/jobs/create', times: 1 })] });
    const client = clientOn(emulator, quick);
    const job = await client.createJob({ job_type: 'lost', metadata: { ticket: 7 } });
    expect(emulator.jobs()).toHaveLength(1);
    expect(job.job_id).toBe(emulator.jobs()[0]?.job_id);
    expect(emulator.requestsTo('/api/jobs/create')).toHaveLength(1);
    expect(emulator.jobs()[0]?.metadata).toEqual({ ticket: 7, [REF]: expect.any(String) });
  });

  it('a reset before the server stored it: not found, so sent again with the same reference; one job', async () => {
    const emulator = createEmulator({ faults: [networkError({ path: '/api/jobs/create', times: 1 })] });
    const client = clientOn(emulator, quick);
    const job = await client.createJob('reset');
    expect(emulator.jobs().map((stored) => stored.job_id)).toEqual([job.job_id]);
    const [first, second] = references(emulator, '/api/jobs/create', 'metadata');
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).toBe(first);
  });

  it('withJob goes through the same path: one job, completed once', async () => {
    const emulator = createEmulator({ faults: [loseAnswer({ path: '/api/jobs/create', times: 1 })] });
    const client = clientOn(emulator, quick);
    await expect(client.withJob('lost', () => 'done')).resolves.toBe('done');
    expect(emulator.jobs()).toHaveLength(1);
    expect(emulator.jobs()[0]?.status).toBe('COMPLETED');
  });

  it.each([
    [55, 2],
    [300, 3],
  ])('finds its job past %i newer ones (a busy team), in growing pages: %i lookups', async (newer, lookups) => {
    // The emulator's clock moves a millisecond per job, so newest-first is well defined.
    let clock = Date.parse('2026-12-07T08:00:00Z');
    const emulator = createEmulator({ now: () => new Date((clock += 1)) });
    const client = clientOn(emulator, quick);
    vi.useFakeTimers({ toFake: ['Date'], now: clock });
    // The lost create, after which newer jobs arrive before the SDK looks.
    const busy: Fault = async (request, next) => {
      if (new URL(request.url).pathname !== '/api/jobs/create' || (request.headers.get('x-busy') ?? '') !== '') return next(request);
      const response = await next(request);
      for (let index = 0; index < newer; index += 1) await emulator.fetch(new Request(request.url, { method: 'POST', headers: { ...Object.fromEntries(request.headers), 'x-busy': '1' }, body: JSON.stringify({ team_id: TEST_TEAM_ID, job_type: 'newer' }) }));
      await response.arrayBuffer();
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) });
    };
    emulator.use(busy);
    const job = await client.createJob('mine');
    expect(emulator.job(job.job_id)?.job_type).toBe('mine');
    expect(emulator.jobs().filter((stored) => stored.job_type === 'mine')).toHaveLength(1);
    // Pages of 50, 150, 450 jobs, newest first.
    expect(emulator.requestsTo(/\/teams\/[^/]+\/jobs$/)).toHaveLength(lookups);
  });

  it('stops looking at jobs older than its first attempt', async () => {
    let clock = Date.parse('2026-12-07T08:00:00Z');
    const emulator = createEmulator({ now: () => new Date((clock += 1)) });
    const client = clientOn(emulator, quick);
    // 120 jobs from an hour ago: the first page already reaches past the first attempt.
    for (let index = 0; index < 120; index += 1) await client.createJob('old', { reconcile: false });
    clock += 3_600_000;
    vi.useFakeTimers({ toFake: ['Date'], now: clock });
    emulator.use(networkError({ path: '/api/jobs/create', times: 1 }));
    await client.createJob('mine');
    expect(emulator.requestsTo(/\/teams\/[^/]+\/jobs$/)).toHaveLength(1);
    expect(emulator.jobs().filter((stored) => stored.job_type === 'mine')).toHaveLength(1);
  });

  it('reconcile: false (client or call) sends no reference and retries blind', async () => {
    const emulator = createEmulator({ faults: [loseAnswer({ path: '/api/jobs/create', times: 2 })] });
    const client = clientOn(emulator, { ...quick, reconcile: false });
    await client.createJob('blind');
    expect(emulator.jobs()).toHaveLength(3);
    expect(references(emulator, '/api/jobs/create', 'metadata')).toEqual([undefined, undefined, undefined]);
    const perCall = createEmulator();
    await clientOn(perCall, quick).createAndCall(single, { reconcile: false });
    expect(references(perCall, '/api/jobs/create-and-call', 'job_metadata')).toEqual([undefined]);
  });
});

describe('createAndCall after a lost answer is settled by the server\'s record', () => {
  it('found COMPLETED: AnswerLostError with the job, its status and its charge; never sent again', async () => {
    const emulator = createEmulator({ faults: [loseAnswer({ path: '/api/jobs/create-and-call', times: 1 })] });
    const client = clientOn(emulator, quick);
    const before = credits(emulator);
    const lost = await rejectionOf(client.createAndCall(single), AnswerLostError);
    const [job] = emulator.jobs();
    expect(lost).toMatchObject({ code: 'answer_lost', jobId: job?.job_id, jobStatus: 'COMPLETED', creditApplied: true, retryable: false, operation: 'createAndCall' });
    expect(lost.costUsd).toBeGreaterThan(0);
    expect(lost.cause).toBeInstanceOf(ConnectionError);
    expect(lost.message).toContain(job?.job_id);
    expect(emulator.requestsTo('/api/jobs/create-and-call')).toHaveLength(1);
    expect(credits(emulator)).toBe(before - 1);
  });

  it('found FAILED: it was not charged, so the call is sent again (a new reference) and answers', async () => {
    let first = true;
    // The first call reaches a provider that fails (the job is FAILED, not charged), and its answer is lost.
    const failThenLose: Fault = async (request, next) => {
      if (!first || new URL(request.url).pathname !== '/api/jobs/create-and-call') return next(request);
      first = false;
      const body = { ...(await request.clone().json()), model: 'sdk-claude' };
      await next(new Request(request.url, { method: 'POST', headers: request.headers, body: JSON.stringify(body) }));
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) });
    };
    const emulator = createEmulator({ providersWithoutCredentials: ['anthropic'], faults: [failThenLose] });
    const client = clientOn(emulator, quick);
    const before = credits(emulator);
    const result = await client.createAndCall(single);
    expect(result.status).toBe('COMPLETED');
    expect(emulator.jobs().map((job) => job.status)).toEqual(['FAILED', 'COMPLETED']);
    const [firstReference, secondReference] = references(emulator, '/api/jobs/create-and-call', 'job_metadata');
    expect(secondReference).not.toBe(firstReference);
    expect(credits(emulator)).toBe(before - 1);
  });

  it('not found (reset before the server acted): sent again, one job, one charge', async () => {
    const emulator = createEmulator({ faults: [networkError({ path: '/api/jobs/create-and-call', times: 1 })] });
    const client = clientOn(emulator, quick);
    const before = credits(emulator);
    await expect(client.createAndCall(single)).resolves.toMatchObject({ status: 'COMPLETED' });
    expect(emulator.jobs()).toHaveLength(1);
    expect(credits(emulator)).toBe(before - 1);
  });

  it('found IN_PROGRESS after a timeout: waited for within the deadline, then reported as answered and charged', async () => {
    vi.useFakeTimers();
    const emulator = createEmulator();
    // The server takes 5 s on the provider: the job is IN_PROGRESS meanwhile, and the answer comes too late.
    const slowProvider: Fault = async (request, next) => {
      if (new URL(request.url).pathname !== '/api/jobs/create-and-call') return next(request);
      const response = await next(request);
      const { job_id } = (await response.clone().json()) as { job_id: string };
      const job = emulator.job(job_id);
      if (job !== undefined) job.status = 'IN_PROGRESS';
      setTimeout(() => job !== undefined && (job.status = 'COMPLETED'), 5_000);
      return new Promise<never>((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true }));
    };
    emulator.use(slowProvider);
    const client = clientOn(emulator, { ...quick, timeouts: { createAndCall: 2_000 } });
    const pending = rejectionOf(client.createAndCall(single, { deadlineMs: 20_000 }), AnswerLostError);
    await vi.advanceTimersByTimeAsync(10_000);
    const lost = await pending;
    expect(lost).toMatchObject({ jobStatus: 'COMPLETED' });
    expect(lost.cause).toBeInstanceOf(TimeoutError);
    expect(emulator.requestsTo('/api/jobs/create-and-call')).toHaveLength(1);
    expect(emulator.requestsTo(/^\/api\/jobs\/[0-9a-f-]{36}$/).length).toBeGreaterThanOrEqual(2);
  });

  it('a lookup that fails leaves the original error, with the lookup\'s failure as its cause', async () => {
    const emulator = createEmulator({ faults: [loseAnswer({ path: '/api/jobs/create-and-call', times: 1 }), networkError({ path: /\/teams\/[^/]+\/jobs$/, code: 'ECONNREFUSED' })] });
    const client = clientOn(emulator, quick);
    const error = await rejectionOf(client.createAndCall(single), ConnectionError);
    expect(error.ambiguous).toBe(true);
    expect((error.cause as ConnectionError).operation).toBe('listJobs');
    expect(emulator.requestsTo('/api/jobs/create-and-call')).toHaveLength(1);
  });
});

describe('createAndCallStream after a lost answer', () => {
  it('before the first chunk: found COMPLETED, AnswerLostError; never sent again', async () => {
    const emulator = createEmulator({ faults: [loseAnswer({ path: '/api/jobs/create-and-call-stream', times: 1 })] });
    const client = clientOn(emulator, quick);
    const lost = await rejectionOf(client.createAndCallStream(single), AnswerLostError);
    expect(lost).toMatchObject({ jobId: emulator.jobs()[0]?.job_id, jobStatus: 'COMPLETED' });
    expect(emulator.requestsTo('/api/jobs/create-and-call-stream')).toHaveLength(1);
  });

  it('cut after chunks arrived: the error keeps its partial text and names the job and its final status', async () => {
    const emulator = createEmulator({ faults: [dropStreamAfter(2, { path: '/api/jobs/create-and-call-stream' })] });
    const client = clientOn(emulator, quick);
    const stream = await client.createAndCallStream(single);
    const error = await rejectionOf(stream.text(), StreamInterruptedError);
    const [job] = emulator.jobs();
    expect(error.partialContent).not.toBe('');
    expect(error.jobId).toBe(job?.job_id);
    expect(error.jobStatus).toBe(job?.status);
  });
});
