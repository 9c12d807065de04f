import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ConnectionError,
  RateLimitError,
  RequestAbortedError,
  ServerError,
  TimeoutError,
  type ClientOptions,
  type RetryHookState,
  APIError,
  InvalidRequestError,
  ResponseValidationError,
} from '../src/index.js';
import {
  createEmulator,
  networkError,
  plainTextError,
  rateLimited,
  serverErrors,
  slow,
  type Fault,
} from '../src/testing/index.js';
import { clientOn, hello, rejectionOf } from './helpers.js';

const BALANCE = '/api/credits/teams/sdk-team/balance';

function retrying(faults: Fault[], options: ClientOptions = {}) {
  const emulator = createEmulator({ faults });
  const retries: RetryHookState[] = [];
  const client = clientOn(emulator, { retry: {}, random: () => 0.5, hooks: { onRetry: (state) => void retries.push(state) }, ...options });
  return { emulator, client, retries };
}

/** Settle `promise` while letting fake time run. */
async function settle<T>(promise: Promise<T>): Promise<T> {
  await vi.runAllTimersAsync();
  return promise;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('which failures are retried', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries %i up to maxRetries (4 requests in all)', async (status) => {
    const { client, emulator } = retrying([serverErrors({ status, path: BALANCE })]);
    const error = await settle(rejectionOf(client.getCreditBalance(), APIError));
    expect(error.status).toBe(status);
    expect(error.attempts).toBe(4);
    expect(emulator.requestsTo(BALANCE)).toHaveLength(4);
  });

  it.each([400, 401, 403, 404, 409, 422])('never retries %i', async (status) => {
    const { client, emulator } = retrying([serverErrors({ status, path: BALANCE, body: { detail: 'no' } })]);
    const error = await settle(rejectionOf(client.getCreditBalance(), APIError));
    expect(error.status).toBe(status);
    expect(error.attempts).toBe(1);
    expect(emulator.requestsTo(BALANCE)).toHaveLength(1);
  });

  it('recovers after two 503s: three requests, the same X-Request-ID on each', async () => {
    const { client, emulator } = retrying([serverErrors({ times: 2, status: 503 })]);
    await expect(settle(client.getCreditBalance())).resolves.toMatchObject({ credits_remaining: 100 });
    const ids = emulator.requestsTo(BALANCE).map((request) => request.headers['x-request-id']);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
  });

  it('does not retry a 500 whose detail says the failure is permanent', async () => {
    const { client, emulator } = retrying([], { retry: { maxRetries: 3 } });
    const job = await client.createJob('x');
    const error = await settle(rejectionOf(client.chat(job.job_id, { model: 'sdk-chat', messages: [{ role: 'user', content: '[fake:401]' }] }), ServerError));
    expect(error).toBeInstanceOf(ServerError);
    expect(emulator.requestsTo(/llm-call$/)).toHaveLength(1);
  });

  it('retries "LLM call failed" on chat: the server recorded a failed, uncharged call', async () => {
    const { client, emulator } = retrying([]);
    const job = await client.createJob('x');
    const error = await settle(rejectionOf(client.chat(job.job_id, { model: 'sdk-chat', messages: [{ role: 'user', content: '[fake:500]' }] })));
    expect(error.attempts).toBe(4);
    expect(emulator.requestsTo(/llm-call$/)).toHaveLength(4);
  });

  it('does not retry a ResponseValidationError', async () => {
    const { client, emulator } = retrying([serverErrors({ status: 200, body: { wrong: true }, path: BALANCE })]);
    const error = await settle(rejectionOf(client.getCreditBalance(), ResponseValidationError));
    expect(error.attempts).toBe(1);
    expect(emulator.requests).toHaveLength(1);
  });

  it('sends nothing for an InvalidRequestError, so there is nothing to retry', async () => {
    const { client, emulator, retries } = retrying([serverErrors({ status: 503 })]);
    const error = await settle(rejectionOf(client.getJob('nope'), InvalidRequestError));
    expect(error.retryable).toBe(false);
    expect(retries).toHaveLength(0);
    expect(emulator.requests).toHaveLength(0);
  });

  it('maxRetries: 0 on a call turns retrying off for that call', async () => {
    const { client, emulator } = retrying([serverErrors({ status: 503 })]);
    await settle(rejectionOf(client.getCreditBalance({ maxRetries: 0 })));
    expect(emulator.requests).toHaveLength(1);
  });

  it('retry: false on the client turns retrying off', async () => {
    const { client, emulator } = retrying([serverErrors({ status: 503 })], { retry: false });
    await settle(rejectionOf(client.getCreditBalance()));
    expect(emulator.requests).toHaveLength(1);
  });

  it('reports every retry with the attempt, the delay and the reason', async () => {
    const { client, retries } = retrying([serverErrors({ times: 2, status: 503 })]);
    await settle(client.getCreditBalance());
    expect(retries.map(({ attempt, delayMs, reason }) => ({ attempt, delayMs, reason }))).toEqual([
      { attempt: 1, delayMs: 1000, reason: 'service_unavailable' },
      { attempt: 2, delayMs: 2000, reason: 'service_unavailable' },
    ]);
  });
});

describe('retry safety', () => {
  it('chat: an ambiguous reset after the request was handled is not retried; the error says so', async () => {
    const { client, emulator } = retrying([networkError({ afterHandling: true, path: /llm-call$/ })]);
    const job = await client.createJob('x');
    const error = await settle(rejectionOf(client.chat(job.job_id, { model: 'sdk-chat', messages: hello }), ConnectionError));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ ambiguous: true, jobId: job.job_id, attempts: 1 });
    expect(emulator.requestsTo(/llm-call$/)).toHaveLength(1);
    expect(emulator.job(job.job_id)?.calls).toHaveLength(1);
  });

  it('chat: retryAmbiguous: true opts in', async () => {
    const { client, emulator } = retrying([networkError({ times: 1, afterHandling: true, path: /llm-call$/ })]);
    const job = await client.createJob('x');
    await settle(client.chat(job.job_id, { model: 'sdk-chat', messages: hello }, { retryAmbiguous: true }));
    expect(emulator.requestsTo(/llm-call$/)).toHaveLength(2);
  });

  it('chat: a refused connection (never sent) is retried', async () => {
    const { client, emulator } = retrying([networkError({ times: 2, code: 'ECONNREFUSED', path: /llm-call$/ })]);
    const job = await client.createJob('x');
    await expect(settle(client.chat(job.job_id, { model: 'sdk-chat', messages: hello }))).resolves.toMatchObject({ call_id: expect.any(String) });
    expect(emulator.requestsTo(/llm-call$/)).toHaveLength(3);
  });

  it('chat: a plain-text 500 is ambiguous and not retried; getJob retries it', async () => {
    const { client, emulator } = retrying([]);
    const job = await client.createJob('x');
    emulator.use(plainTextError());
    const chatError = await settle(rejectionOf(client.chat(job.job_id, { model: 'sdk-chat', messages: hello })));
    expect(chatError.ambiguous).toBe(true);
    expect(emulator.requestsTo(/llm-call$/)).toHaveLength(1);
    await settle(rejectionOf(client.getJob(job.job_id)));
    expect(emulator.requestsTo(`/api/jobs/${job.job_id}`)).toHaveLength(4);
  });

  it('createAndCall: a timeout is not resent blind (a repeat would charge a second job); the server is asked instead', async () => {
    const { client, emulator } = retrying([slow(120_000)]);
    const error = await settle(rejectionOf(client.createAndCall({ job_type: 'x', model: 'sdk-chat', messages: hello }), TimeoutError));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.ambiguous).toBe(true);
    const [sent, ...lookups] = emulator.requests;
    expect(sent).toMatchObject({ method: 'POST', path: '/api/jobs/create-and-call' });
    expect(lookups.length).toBeGreaterThan(0);
    expect(lookups.every((request) => request.method === 'GET')).toBe(true);
  });

  it('createJob and completeJob are not repeated blind after an ambiguous reset: the server is asked first', async () => {
    const { client, emulator } = retrying([networkError({ times: 1, path: '/api/jobs/create' })]);
    const job = await settle(client.createJob('x'));
    // The job was not stored (the reset came before the server acted): one lookup, then sent again.
    expect(emulator.requestsTo('/api/jobs/create')).toHaveLength(2);
    expect(emulator.requestsTo(/\/teams\/[^/]+\/jobs$/)).toHaveLength(1);
    emulator.use(networkError({ times: 1, afterHandling: true, path: /complete$/ }));
    // The completion was processed: read back from the job, not sent again.
    await expect(settle(client.completeJob(job.job_id, 'completed'))).resolves.toMatchObject({ status: 'COMPLETED', settledFrom: 'job-record' });
    expect(emulator.requestsTo(/complete$/)).toHaveLength(1);
    expect(emulator.jobs()).toHaveLength(1);
  });

  it('with reconcile: false, createJob is retried blind after an ambiguous reset (an orphan job per lost answer)', async () => {
    const { client, emulator } = retrying([networkError({ times: 1, afterHandling: true, path: '/api/jobs/create' })]);
    await settle(client.createJob('x', { reconcile: false }));
    expect(emulator.requestsTo('/api/jobs/create')).toHaveLength(2);
    expect(emulator.jobs()).toHaveLength(2);
    expect(emulator.requests[0]?.body).toEqual({ team_id: 'sdk-team', job_type: 'x' });
  });
});

describe('waits', () => {
  it('waits exactly Retry-After seconds', async () => {
    const { client, emulator } = retrying([rateLimited({ times: 1, retryAfter: 3 })]);
    const pending = client.getCreditBalance();
    await vi.advanceTimersByTimeAsync(2999);
    expect(emulator.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(pending).resolves.toMatchObject({ team_id: 'sdk-team' });
    expect(emulator.requests).toHaveLength(2);
  });

  it('waits until a Retry-After HTTP date', async () => {
    vi.setSystemTime(Date.parse('2026-11-22T10:00:00Z'));
    const { client, emulator } = retrying([rateLimited({ times: 1, retryAfter: 'Sun, 22 Nov 2026 10:00:05 GMT' })]);
    const pending = client.getCreditBalance();
    await vi.advanceTimersByTimeAsync(4999);
    expect(emulator.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await pending;
    expect(emulator.requests).toHaveLength(2);
  });

  it('waits retry-after-ms', async () => {
    const { client, retries } = retrying([rateLimited({ times: 1, retryAfterMs: 150 })]);
    await settle(client.getCreditBalance());
    expect(retries[0]?.delayMs).toBe(150);
  });

  it('waits the jittered exponential backoff drawn from the injected random source', async () => {
    const draws = [0, 0.999_999, 0.5];
    const { client, retries } = retrying([serverErrors({ status: 503 })], { random: () => draws.shift() ?? 0.5 });
    await settle(rejectionOf(client.getCreditBalance()));
    expect(retries.map((retry) => retry.delayMs)).toEqual([750, 2500, 4000]);
  });

  it('throws at once when Retry-After exceeds maxDelayMs', async () => {
    const { client, emulator } = retrying([rateLimited({ retryAfter: 120 })]);
    const error = await rejectionOf(client.getCreditBalance(), RateLimitError);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(120_000);
    expect(emulator.requests).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a deadline bounds attempts and waits: TimeoutError phase deadline', async () => {
    const { client, emulator } = retrying([slow(4000)], { deadlineMs: 10_000 });
    const pending = rejectionOf(client.getCreditBalance({ timeoutMs: 3000 }), TimeoutError);
    await vi.advanceTimersByTimeAsync(10_000);
    const error = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.phase).toBe('deadline');
    expect(emulator.requests.length).toBeGreaterThanOrEqual(2);
  });

  it('a wait that would end past the deadline is not slept: the error is thrown at once', async () => {
    const { client, emulator } = retrying([serverErrors({ status: 503 })]);
    const error = await rejectionOf(client.getCreditBalance({ deadlineMs: 500 }), APIError);
    expect(error.status).toBe(503);
    expect(emulator.requests).toHaveLength(1);
  });

  it('the caller\'s signal cancels a pending wait immediately', async () => {
    const { client, emulator } = retrying([serverErrors({ status: 503 })]);
    const controller = new AbortController();
    const pending = rejectionOf(client.getCreditBalance({ signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(error.cause).toBeInstanceOf(ServerError);
    expect(emulator.requests).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('an abort inside the retry loop', () => {
  it('during a repeated attempt: the typed RequestAbortedError, not the signal\'s own reason', async () => {
    const { client, emulator } = retrying([serverErrors({ status: 503, times: 1 }), slow(4000)]);
    const controller = new AbortController();
    const pending = rejectionOf(client.getCreditBalance({ signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(1500);
    expect(emulator.requests).toHaveLength(2);
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(error.attempts).toBe(2);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('retry budget', () => {
  it('stops retrying when the budget is spent, and successes refill it', async () => {
    const { client, emulator } = retrying([serverErrors({ status: 503 })], { retryBudget: { capacity: 10, retryCost: 5, successRefill: 5 } });
    await settle(rejectionOf(client.getCreditBalance()));
    expect(emulator.requests).toHaveLength(3);
    await settle(rejectionOf(client.getCreditBalance()));
    expect(emulator.requests).toHaveLength(4);
    emulator.clearFaults();
    await settle(client.getCreditBalance());
    emulator.use(serverErrors({ status: 503 }));
    await settle(rejectionOf(client.getCreditBalance()));
    expect(emulator.requests).toHaveLength(7);
  });
});
