/**
 * A completion is never re-sent blind: after an ambiguous failure the SDK reads the job and settles from
 * the server's record. The emulator bills as the real server does (contract §5.7): any repeated
 * completion clears `credit_applied`, and the next `completed` charges again.
 */
import { describe, expect, it } from 'vitest';
import { CircuitOpenError, ConnectionError, InvalidRequestError, SaaSLLMClient, type ClientOptions, type CompleteStatus, type LogFields, type SharedState } from '../src/index.js';
import { createEmulator, loseAnswer, networkError, serverErrors, TEST_BASE_URL, TEST_TEAM_ID, TEST_VIRTUAL_KEY, type Emulator } from '../src/testing/index.js';
import { clientOn, rejectionOf } from './helpers.js';

/** Retries on, without waiting (the backoff is not what these tests are about). */
const quick: ClientOptions = { retry: { maxRetries: 3, baseDelayMs: 0, maxDelayMs: 0, jitter: 0 } };
const credits = (emulator: Emulator) => {
  const team = emulator.team(TEST_TEAM_ID);
  return (team?.creditsAllocated ?? 0) - (team?.creditsUsed ?? 0);
};

describe('the emulator bills repeated completions as the server does', () => {
  it('completed, completed, completed: two deductions; completed, failed: one, and the FAILED job keeps it', async () => {
    const emulator = createEmulator();
    const complete = (jobId: string, status: string) =>
      emulator.fetch(`${TEST_BASE_URL}/api/jobs/${jobId}/complete`, { method: 'POST', headers: { authorization: `Bearer ${TEST_VIRTUAL_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ status }) });
    const client = clientOn(emulator);
    const before = credits(emulator);
    const first = await client.createJob('billing');
    for (let index = 0; index < 3; index += 1) await complete(first.job_id, 'completed');
    expect(credits(emulator)).toBe(before - 2);
    const second = await client.createJob('billing');
    await complete(second.job_id, 'completed');
    await complete(second.job_id, 'failed');
    expect(credits(emulator)).toBe(before - 3);
    expect(emulator.job(second.job_id)).toMatchObject({ status: 'FAILED', credit_applied: false });
  });
});

describe('completeJob after a lost answer', () => {
  it('two answers lost after the server acted: resolved from the record, charged once, sent once', async () => {
    const emulator = createEmulator({ faults: [loseAnswer({ path: /\/complete$/, times: 2 })] });
    const client = clientOn(emulator, quick);
    const { job_id } = await client.createJob('lost');
    const before = credits(emulator);
    const done = await client.completeJob(job_id, 'completed');
    expect(done).toMatchObject({ job_id, status: 'COMPLETED', settledFrom: 'job-record', costs: { credit_applied: true } });
    expect(credits(emulator)).toBe(before - 1);
    expect(emulator.requestsTo(/\/complete$/)).toHaveLength(1);
    expect(emulator.job(job_id)).toMatchObject({ status: 'COMPLETED', credit_applied: true, completions: 1 });
  });

  it('a reset before the server acted: the job is still open, so the completion is sent again', async () => {
    const emulator = createEmulator({ faults: [networkError({ path: /\/complete$/, times: 1 })] });
    const client = clientOn(emulator, quick);
    const { job_id } = await client.createJob('reset');
    const before = credits(emulator);
    await expect(client.completeJob(job_id, 'completed')).resolves.toMatchObject({ status: 'COMPLETED', costs: { credit_applied: true } });
    expect(emulator.requestsTo(/\/complete$/)).toHaveLength(2);
    expect(emulator.requestsTo(`/api/jobs/${job_id}`)).toHaveLength(1);
    expect(credits(emulator)).toBe(before - 1);
  });

  it('an unknown outcome keeps the claim: the clean-up completeJob(id, "failed") is settled from the record, not sent', async () => {
    // The answer is lost and the job cannot be read at that moment either.
    const emulator = createEmulator({ faults: [loseAnswer({ path: /\/complete$/, times: 1 }), networkError({ path: /^\/api\/jobs\/[0-9a-f-]{36}$/, code: 'ECONNREFUSED', times: 2 })] });
    const client = clientOn(emulator, quick);
    const { job_id } = await client.createJob('unknown');
    const before = credits(emulator);
    const lost = await rejectionOf(client.completeJob(job_id, 'completed'), ConnectionError);
    expect(lost.ambiguous).toBe(true);
    expect((lost.cause as Error).name).toBe('ConnectionError');
    // The natural clean-up: it asks the server first, finds the job COMPLETED, and sends nothing.
    const refused = await rejectionOf(client.completeJob(job_id, 'failed'), InvalidRequestError);
    expect(refused.message).toContain('already COMPLETED on the server');
    expect(emulator.requestsTo(/\/complete$/)).toHaveLength(1);
    expect(emulator.job(job_id)).toMatchObject({ status: 'COMPLETED', credit_applied: true });
    expect(credits(emulator)).toBe(before - 1);
  });

  it('withJob and a stream auto-fail go through the same path: one charge for a withJob whose completion answer was lost', async () => {
    const emulator = createEmulator({ faults: [loseAnswer({ path: /\/complete$/, times: 2 })] });
    const client = clientOn(emulator, quick);
    const before = credits(emulator);
    let jobId = '';
    await expect(client.withJob('lost', (job) => ((jobId = job.job_id), 'done'))).resolves.toBe('done');
    expect(credits(emulator)).toBe(before - 1);
    expect(emulator.job(jobId)).toMatchObject({ status: 'COMPLETED', credit_applied: true, completions: 1 });
  });

  it('a lookup draws on the retry budget: with none left the server is not asked, and the original error says why', async () => {
    const emulator = createEmulator({ faults: [loseAnswer({ path: /\/complete$/, times: 1 })] });
    const client = clientOn(emulator, { ...quick, retryBudget: { capacity: 4, retryCost: 5 } });
    const { job_id } = await client.createJob('budget');
    const lost = await rejectionOf(client.completeJob(job_id, 'completed'), ConnectionError);
    expect(String((lost.cause as Error).message)).toContain('retry budget is spent');
    expect(emulator.requestsTo(`/api/jobs/${job_id}`)).toHaveLength(0);
  });

  it('logs each lookup, and the number of extra requests is bounded', async () => {
    const logs: Array<[string, LogFields]> = [];
    const logger = { debug() {}, info: (message: string, fields: LogFields) => logs.push([message, fields]), warn() {}, error() {} };
    // Every answer to /complete lost, and the job unreadable: the SDK gives up after a bounded number of requests.
    const emulator = createEmulator({ faults: [networkError({ path: /\/complete$/ }), networkError({ path: /^\/api\/jobs\/[0-9a-f-]{36}$/ })] });
    const client = new SaaSLLMClient({ baseUrl: TEST_BASE_URL, teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY, fetch: emulator.fetch, circuitBreaker: false, logger, ...quick });
    const { job_id } = await client.createJob('bounded');
    await rejectionOf(client.completeJob(job_id, 'completed'), ConnectionError);
    expect(emulator.requestsTo(`/api/jobs/${job_id}`).length).toBeLessThanOrEqual(2);
    expect(logs.filter(([message]) => message.includes('asking the server')).length).toBeGreaterThanOrEqual(1);
  });

  it('respects the breaker: with the breaker open the server is not asked, and the original error carries the refusal', async () => {
    const emulator = createEmulator({ faults: [loseAnswer({ path: /\/complete$/, times: 1 })] });
    const client = clientOn(emulator, { ...quick, circuitBreaker: { failureThreshold: 1 } });
    const { job_id } = await client.createJob('breaker');
    // The server fails another call: the breaker opens (a completion itself is never refused by it).
    emulator.use(serverErrors({ status: 503, path: /^\/api\/credits\//, times: 1 }));
    await rejectionOf(client.getCreditBalance({ maxRetries: 0 }));
    expect(client.circuitState).toBe('open');
    const lost = await rejectionOf(client.completeJob(job_id, 'completed'), ConnectionError);
    expect(lost.cause).toBeInstanceOf(CircuitOpenError);
    expect(emulator.requestsTo(`/api/jobs/${job_id}`)).toHaveLength(0);
    // The claim is kept: the clean-up is not sent blind while the outcome is unknown.
    await rejectionOf(client.completeJob(job_id, 'failed'), InvalidRequestError);
    expect(emulator.requestsTo(/\/complete$/)).toHaveLength(1);
  });
});

describe('completeJob in a fleet', () => {
  /** The completions part of shared state, in memory (the other parts are not under test). */
  function fleetState(): SharedState {
    const claims = new Map<string, CompleteStatus>();
    return {
      admit: async () => ({ decision: 'send', state: 'closed', retryAfterMs: 0, failures: 0 }),
      record: async () => 'closed',
      take: async () => 0,
      put: async () => {},
      claimCompletion: async (jobId, status) => {
        const previous = claims.get(jobId);
        if (previous !== undefined) return previous;
        claims.set(jobId, status);
        return null;
      },
      releaseCompletion: async (jobId) => void claims.delete(jobId),
    };
  }

  it('an unknown outcome keeps the fleet\'s claim: another process\'s completion is refused, nothing sent', async () => {
    const emulator = createEmulator({ faults: [loseAnswer({ path: /\/complete$/, times: 1 }), networkError({ path: /^\/api\/jobs\/[0-9a-f-]{36}$/, code: 'ECONNREFUSED', times: 2 })] });
    const sharedState = fleetState();
    const first = clientOn(emulator, { ...quick, sharedState });
    const second = clientOn(emulator, { ...quick, sharedState });
    const { job_id } = await first.createJob('fleet');
    const before = credits(emulator);
    await rejectionOf(first.completeJob(job_id, 'completed'), ConnectionError);
    const refused = await rejectionOf(second.completeJob(job_id, 'failed'), InvalidRequestError);
    expect(refused.message).toContain('another process of the fleet');
    expect(emulator.requestsTo(/\/complete$/)).toHaveLength(1);
    expect(credits(emulator)).toBe(before - 1);
  });

  it('a completion that never reached the server releases the fleet\'s claim: another process completes the job', async () => {
    const emulator = createEmulator({ faults: [serverErrors({ status: 422, path: /\/complete$/, times: 1 })] });
    const sharedState = fleetState();
    const first = clientOn(emulator, { ...quick, sharedState });
    const second = clientOn(emulator, { ...quick, sharedState });
    const { job_id } = await first.createJob('fleet');
    await rejectionOf(first.completeJob(job_id, 'completed'));
    await expect(second.completeJob(job_id, 'completed')).resolves.toMatchObject({ status: 'COMPLETED' });
    expect(emulator.job(job_id)).toMatchObject({ status: 'COMPLETED', completions: 1 });
  });
});
