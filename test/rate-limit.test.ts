/** The client-side rate limit without shared state: one token bucket per client. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidRequestError, RateLimitError } from '../src/index.js';
import { fleetOf } from '../src/fleet/fleet.browser.js';
import { resolveOptions } from '../src/options/resolve.js';
import { Observer } from '../src/observability/observer.js';
import { createEmulator } from '../src/testing/index.js';
import { clientOn, rejectionOf } from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('rateLimit', () => {
  it('a call over the limit waits for its token within its deadline, then is sent', async () => {
    vi.useFakeTimers();
    const emulator = createEmulator();
    const client = clientOn(emulator, { rateLimit: { requestsPerSecond: 2, burst: 1 } });
    await client.getCreditBalance();
    const second = client.getCreditBalance({ deadlineMs: 5_000 });
    await vi.advanceTimersByTimeAsync(100);
    expect(emulator.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(450);
    await expect(second).resolves.toMatchObject({ credits_remaining: 100 });
    expect(emulator.requests).toHaveLength(2);
  });

  it('fails with RateLimitError, retryAfterMs and nothing sent when the wait does not fit the deadline', async () => {
    const emulator = createEmulator();
    const client = clientOn(emulator, { rateLimit: { requestsPerSecond: 0.1, burst: 1 } });
    await client.getCreditBalance();
    const limited = await rejectionOf(client.getCreditBalance({ deadlineMs: 1_000 }), RateLimitError);
    expect(limited.retryAfterMs).toBeGreaterThan(9_000);
    // The SDK refused it: no HTTP status, as no server answered.
    expect(limited).toMatchObject({ sendState: 'not-sent', retryable: true, status: undefined });
    expect(limited.message).toContain("the client's rate limit of 0.1 requests/s");
    expect(emulator.requests).toHaveLength(1);
  });

  it('never holds back a job completion', async () => {
    const emulator = createEmulator();
    const client = clientOn(emulator, { rateLimit: { requestsPerSecond: 0.1, burst: 1 } });
    const job = await client.createJob('limited');
    // A token is 10 s away; the completion goes at once, well within 2 s.
    await expect(client.completeJob(job.job_id, 'completed', undefined, { deadlineMs: 2_000 })).resolves.toMatchObject({ status: 'COMPLETED' });
  });

  it('checks its options', () => {
    expect(() => clientOn(createEmulator(), { rateLimit: { requestsPerSecond: 0 } })).toThrow(InvalidRequestError);
    expect(() => clientOn(createEmulator(), { rateLimit: { requestsPerSecond: 1, burst: 0.5 } })).toThrow(/options.rateLimit/);
    expect(() => clientOn(createEmulator(), { sharedState: {} as never })).toThrow(/sharedState/);
  });

  it("the browser build refuses sharedState: the fleet's state is a server concern", () => {
    const options = resolveOptions({ baseUrl: 'https://x', teamId: 't', virtualKey: 'k', sharedState: { admit() {}, record() {}, take() {}, put() {}, claimCompletion() {}, releaseCompletion() {} } as never }, {});
    expect(() => fleetOf(options, new Observer(options))).toThrow(InvalidRequestError);
  });
});
