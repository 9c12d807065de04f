/** The emulator as a product: its public surface, reset() between tests, faults by count and by seeded rate. */
import { describe, expect, it } from 'vitest';
import { RateLimitError, SaaSLLMClient } from '../src/index.js';
import { createEmulator, Emulator, rateLimited, serverErrors, TEST_BASE_URL, TEST_TEAM_ID, TEST_VIRTUAL_KEY, type EmulatorOptions } from '../src/testing/index.js';
import { faultFromSpec } from '../src/testing/fault-spec.js';
import { hello, rejectionOf } from './helpers.js';

function clientOf(emulator: Emulator, options: { maxRetries?: number } = {}) {
  return new SaaSLLMClient({ baseUrl: TEST_BASE_URL, teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY, fetch: emulator.fetch, retry: { maxRetries: options.maxRetries ?? 0 }, circuitBreaker: false });
}

/** Which of `n` balance requests a fault failed (1-based), with retries off. */
async function failedRequests(options: EmulatorOptions, n: number): Promise<number[]> {
  const emulator = createEmulator(options);
  const client = clientOf(emulator);
  const failed: number[] = [];
  for (let index = 1; index <= n; index += 1) {
    if (await client.getCreditBalance().then(() => false, () => true)) failed.push(index);
  }
  return failed;
}

describe('the emulator surface', () => {
  it('lists what a test uses and none of its internals', () => {
    const emulator = createEmulator();
    const members = [...Object.keys(emulator), ...Object.getOwnPropertyNames(Emulator.prototype)].filter((name) => name !== 'constructor').sort();
    expect(members).toEqual(['addTeam', 'clearFaults', 'fetch', 'job', 'jobs', 'requests', 'requestsTo', 'reset', 'team', 'use']);
    for (const internal of ['state', 'handle', 'ownJob', 'newJob', 'llmCall', 'singleCall', 'router']) expect(internal in emulator).toBe(false);
  });

  it('reset() forgets jobs, calls, credits spent, requests and added teams and faults, and restores the faults it was made with', async () => {
    const emulator = createEmulator({ faults: [rateLimited({ times: 1, path: /\/balance$/ })] });
    emulator.addTeam({ teamId: 'extra', virtualKey: 'sk-extra' });
    const client = clientOf(emulator);
    await rejectionOf(client.getCreditBalance(), RateLimitError);
    const job = await client.createJob('before-reset');
    await client.chat(job.job_id, { model: 'sdk-chat', messages: hello });
    await client.completeJob(job.job_id, 'completed');
    emulator.use(serverErrors({ path: '/api/jobs/create' }));
    expect(emulator.jobs()).toHaveLength(1);
    expect(emulator.team(TEST_TEAM_ID)?.creditsUsed).toBe(1);
    expect(emulator.team('extra')).toBeDefined();

    emulator.reset();
    expect(emulator.requests).toHaveLength(0);
    expect(emulator.jobs()).toEqual([]);
    expect(emulator.job(job.job_id)).toBeUndefined();
    expect(emulator.team('extra')).toBeUndefined();
    expect(emulator.team(TEST_TEAM_ID)?.creditsUsed).toBe(0);
    // The fault of the options fires again (its count restored); the one added with use() is gone.
    await rejectionOf(client.getCreditBalance(), RateLimitError);
    expect((await client.getCreditBalance()).credits_remaining).toBe(100);
    await client.createJob('after-reset');
    expect(emulator.requests.map((request) => request.path.replace(TEST_TEAM_ID, '{team}'))).toEqual(['/api/credits/teams/{team}/balance', '/api/credits/teams/{team}/balance', '/api/jobs/create']);
  });
});

describe('faults at a seeded rate', () => {
  it('fail about the given share, the same requests for the same seed, others for another seed', async () => {
    const first = await failedRequests({ faults: [serverErrors({ rate: 0.3, seed: 7 })] }, 200);
    const again = await failedRequests({ faults: [serverErrors({ rate: 0.3, seed: 7 })] }, 200);
    const other = await failedRequests({ faults: [serverErrors({ rate: 0.3, seed: 8 })] }, 200);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(first.length).toBeGreaterThan(40);
    expect(first.length).toBeLessThan(80);
  });

  it('combine with times, and reset() replays the same sequence', async () => {
    const emulator = createEmulator({ faults: [serverErrors({ rate: 0.5, seed: 3, times: 4 })] });
    const client = clientOf(emulator);
    const run = async () => {
      const failed: number[] = [];
      for (let index = 1; index <= 40; index += 1) if (await client.getCreditBalance().then(() => false, () => true)) failed.push(index);
      return failed;
    };
    const first = await run();
    expect(first).toHaveLength(4);
    emulator.reset();
    expect(await run()).toEqual(first);
  });

  it('refuse a rate outside [0, 1] and a negative count', () => {
    expect(() => serverErrors({ rate: 1.5 })).toThrow(/rate.*between 0 and 1/);
    expect(() => serverErrors({ rate: Number.NaN })).toThrow(RangeError);
    expect(() => rateLimited({ times: -1 })).toThrow(/times.*0 or more/);
  });
});

describe('faults named on the command line', () => {
  it('a count, a share and a size; a clear error otherwise', async () => {
    expect(await failedRequests({ faults: [faultFromSpec('rateLimited:2', 1)] }, 5)).toEqual([1, 2]);
    expect(await failedRequests({ faults: [faultFromSpec('serverErrors', 1)] }, 3)).toEqual([1, 2, 3]);
    expect(await failedRequests({ faults: [faultFromSpec('serverErrors:30%', 7)] }, 200)).toEqual(await failedRequests({ faults: [serverErrors({ rate: 0.3, seed: 7 })] }, 200));
    expect(() => faultFromSpec('explode', 1)).toThrow(/unknown fault "explode"; known: rateLimited/);
    expect(() => faultFromSpec('rateLimited:lots', 1)).toThrow(/a count \(2\) or a share \(10%\)/);
    expect(() => faultFromSpec('serverErrors:150%', 1)).toThrow(/at most 100%/);
    expect(() => faultFromSpec('slow', 1)).toThrow(/slow needs a whole number/);
  });
});
