/**
 * A user's test suite on the emulator through msw: the happy path, retries, an outage, and what the
 * server was asked. Run it with `npx vitest run --root examples/vitest-msw`.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SaaSLLMClient } from 'saas-litellm';
import { createEmulator, rateLimited, serverErrors, TEST_BASE_URL, TEST_TEAM_ID, TEST_VIRTUAL_KEY } from 'saas-litellm/testing';
import { createHandlers } from 'saas-litellm/testing/msw';
import { triage } from './triage.ts';

const emulator = createEmulator({ reply: ({ messages }) => (/fire/.test(String(messages.at(-1)?.content)) ? 'urgent' : 'low') });
const server = setupServer(...createHandlers({ emulator }));

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => emulator.reset());
afterAll(() => server.close());

const client = () => new SaaSLLMClient({ baseUrl: TEST_BASE_URL, teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY, retry: { baseDelayMs: 1, maxDelayMs: 5 } });

describe('triage', () => {
  it('marks a fire urgent, in one completed job', async () => {
    expect(await triage(client(), 'The printer is on fire')).toEqual({ priority: 'urgent' });
    const [job] = emulator.jobs();
    expect(job?.status).toBe('COMPLETED');
    expect(emulator.requestsTo(/\/llm-call$/)).toHaveLength(1);
  });

  it('rides out two 429s', async () => {
    emulator.use(rateLimited({ times: 2, retryAfterMs: 1 }));
    expect(await triage(client(), 'A typo on the website')).toEqual({ priority: 'low' });
    expect(emulator.requestsTo('/api/jobs/create')).toHaveLength(3);
  });

  it('answers "unknown" when the API is down, and leaves no job open', async () => {
    emulator.use(serverErrors({ status: 503, path: /\/llm-call$/ }));
    expect(await triage(client(), 'The printer is on fire')).toEqual({ priority: 'unknown', reason: 'service_unavailable' });
    expect(emulator.jobs().map((job) => job.status)).toEqual(['FAILED']);
  });
});
