/**
 * saas-litellm/testing/msw on the msw the project runs (3), and in CI on msw 2 as well
 * (`MSW_PACKAGE_DIR=… vitest run test/msw-handlers.test.ts`, see vitest.config.ts).
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, RateLimitError, SaaSLLMClient, StreamInterruptedError } from '../src/index.js';
import { createEmulator, dropStreamAfter, networkError, rateLimited, TEST_BASE_URL, TEST_TEAM_ID, TEST_VIRTUAL_KEY } from '../src/testing/index.js';
import { createHandlers } from '../src/testing/msw.js';
import { hello, rejectionOf } from './helpers.js';

const emulator = createEmulator({ jobStreamRoute: 'fixed' });
const server = setupServer(...createHandlers({ emulator }));
// msw 3 names the option onUnhandledFrame, msw 2 onUnhandledRequest; each ignores the other's.
beforeAll(() => server.listen({ onUnhandledFrame: 'error', onUnhandledRequest: 'error' } as Parameters<typeof server.listen>[0]));
afterEach(() => emulator.reset());
afterAll(() => server.close());

const client = () => new SaaSLLMClient({ baseUrl: TEST_BASE_URL, teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY, retry: { maxRetries: 2, baseDelayMs: 1 }, circuitBreaker: false });

describe('createHandlers', () => {
  it('runs on the msw asked for', async () => {
    const { version } = (await import('msw/package.json', { with: { type: 'json' } })).default as { version: string };
    expect(version.split('.')[0]).toBe(process.env.MSW_EXPECTED_MAJOR ?? '3');
  });

  it('serves a job with a call and a stream through msw', async () => {
    const sdk = client();
    const job = await sdk.createJob('msw');
    const reply = await sdk.chat(job.job_id, { model: 'sdk-chat', messages: hello });
    const stream = await sdk.chatStream(job.job_id, { model: 'sdk-claude', messages: hello });
    const text = await stream.text();
    const done = await sdk.completeJob(job.job_id, 'completed');
    expect(reply.response.content).toBe('Hello from the fake upstream. You said: Say hello to the SDK');
    expect(text).toBe('Hello from the fake upstream. You said: Say hello to the SDK');
    expect(done.costs.total_calls).toBe(2);
    expect(emulator.job(job.job_id)?.status).toBe('COMPLETED');
  });

  it('replays faults: a 429 retried, a network failure as a ConnectionError, a cut stream failing its job', async () => {
    const sdk = client();
    emulator.use(rateLimited({ times: 1, retryAfterMs: 1 }));
    await sdk.getCreditBalance();
    expect(emulator.requests).toHaveLength(2);

    emulator.reset().use(networkError({ code: 'ECONNREFUSED' }));
    expect((await rejectionOf(sdk.getCreditBalance(), ConnectionError)).attempts).toBe(3);

    emulator.reset().use(rateLimited());
    await rejectionOf(sdk.getCreditBalance(), RateLimitError);

    emulator.reset().use(dropStreamAfter(3));
    const job = await sdk.createJob('msw-cut');
    const stream = await sdk.chatStream(job.job_id, { model: 'sdk-chat', messages: hello });
    const cut = await rejectionOf(stream.text(), StreamInterruptedError);
    expect(cut.partialContent.length).toBeGreaterThan(0);
    await expect.poll(() => emulator.job(job.job_id)?.status).toBe('FAILED');
  });
});
