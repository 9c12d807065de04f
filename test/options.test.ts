import { describe, expect, it, vi } from 'vitest';
import { InvalidRequestError, SaaSLLMClient } from '../src/index.js';
import { TEST_BASE_URL, TEST_TEAM_ID, TEST_VIRTUAL_KEY } from '../src/testing/index.js';
import { rejectionOf, setup, useMswServer } from './helpers.js';

useMswServer();

describe('client options', () => {
  it('falls back to the SAAS_LITELLM_* environment variables', async () => {
    const { emulator } = setup();
    vi.stubEnv('SAAS_LITELLM_API_URL', TEST_BASE_URL);
    vi.stubEnv('SAAS_LITELLM_TEAM_ID', TEST_TEAM_ID);
    vi.stubEnv('SAAS_LITELLM_VIRTUAL_KEY', TEST_VIRTUAL_KEY);
    const client = new SaaSLLMClient();
    await client.createJob('from-env');
    expect(emulator.requests[0]?.headers.authorization).toBe(`Bearer ${TEST_VIRTUAL_KEY}`);
    expect(client.teamId).toBe(TEST_TEAM_ID);
  });

  it('names every missing setting and its variable', () => {
    vi.stubEnv('SAAS_LITELLM_API_URL', '');
    vi.stubEnv('SAAS_LITELLM_TEAM_ID', '');
    vi.stubEnv('SAAS_LITELLM_VIRTUAL_KEY', '');
    let error: unknown;
    try {
      new SaaSLLMClient({ baseUrl: 'http://api.test' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).message).toContain('SAAS_LITELLM_TEAM_ID');
    expect((error as Error).message).toContain('SAAS_LITELLM_VIRTUAL_KEY');
    expect((error as Error).message).not.toContain('SAAS_LITELLM_API_URL');
  });

  it('rejects a baseUrl that is not an http(s) URL', () => {
    expect(() => new SaaSLLMClient({ baseUrl: 'api.example.com', teamId: 't', virtualKey: 'k' })).toThrow(/absolute http\(s\) URL/);
    expect(() => new SaaSLLMClient({ baseUrl: 'ftp://x', teamId: 't', virtualKey: 'k' })).toThrow(InvalidRequestError);
  });

  it('adds /api to the origin, and tolerates a baseUrl that already ends in /api', async () => {
    const { emulator } = setup();
    const client = new SaaSLLMClient({ baseUrl: `${TEST_BASE_URL}/api/`, teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY });
    await client.createJob('x');
    expect(emulator.requests[0]?.path).toBe('/api/jobs/create');
    expect(client.baseUrl).toBe(TEST_BASE_URL);
  });

  it('completes a job at most once per client', async () => {
    const { client, emulator } = setup();
    const { job_id } = await client.createJob('x');
    await client.completeJob(job_id, 'completed');
    const error = await rejectionOf(client.completeJob(job_id, 'failed'), InvalidRequestError);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.message).toContain('already completed');
    expect(emulator.job(job_id)?.completions).toBe(1);
    expect(emulator.job(job_id)?.status).toBe('COMPLETED');
  });

  it('allows completing again when the first completion never succeeded', async () => {
    const { client, emulator } = setup();
    const { job_id } = await client.createJob('x');
    emulator.use(async () => new Response('Internal Server Error', { status: 500 }));
    await rejectionOf(client.completeJob(job_id, 'completed'));
    emulator.clearFaults();
    await expect(client.completeJob(job_id, 'completed')).resolves.toMatchObject({ status: 'COMPLETED' });
  });
});
