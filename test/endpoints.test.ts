import { describe, expect, it } from 'vitest';
import { ENDPOINTS, type Operation } from '../src/endpoints/index.js';
import { parseTimestamp, type SaaSLLMClient } from '../src/index.js';
import { TEST_TEAM_ID, TEST_VIRTUAL_KEY } from '../src/testing/index.js';
import { hello, setup, useMswServer } from './helpers.js';

useMswServer();

describe('every endpoint: request on the wire and parsed response', () => {
  it('health: GET /health without the key', async () => {
    const { client, emulator } = setup();
    await expect(client.health()).resolves.toMatchObject({ status: 'healthy', service: 'saas-llm-api' });
    const [request] = emulator.requests;
    expect(request?.method).toBe('GET');
    expect(request?.path).toBe('/health');
    expect(request?.headers.authorization).toBeUndefined();
  });

  it('createJob: POST /api/jobs/create with team_id filled in, Bearer key and a request id', async () => {
    const { client, emulator } = setup();
    const job = await client.createJob({ job_type: 'triage', user_id: 'u-1', metadata: { suite: 'happy' } });
    expect(job.status).toBe('PENDING');
    expect(job.job_id).toMatch(/^[0-9a-f-]{36}$/);
    const [request] = emulator.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/api/jobs/create');
    expect(request?.headers.authorization).toBe(`Bearer ${TEST_VIRTUAL_KEY}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // The SDK adds its reference to the metadata (reconcile); `reconcile: false` sends the body as given.
    expect(request?.body).toEqual({ team_id: 'sdk-team', job_type: 'triage', user_id: 'u-1', metadata: { suite: 'happy', saas_litellm_ref: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
  });

  it('createJob accepts a bare job type', async () => {
    const { client, emulator } = setup();
    await client.createJob('triage');
    expect(emulator.requests[0]?.body).toEqual({ team_id: 'sdk-team', job_type: 'triage', metadata: { saas_litellm_ref: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
  });

  it('getJob: GET /api/jobs/{id} parses UPPERCASE status and Z timestamps', async () => {
    const { client, emulator } = setup();
    const { job_id } = await client.createJob('triage');
    await client.chat(job_id, { model: 'sdk-chat', messages: hello });
    const job = await client.getJob(job_id);
    expect(emulator.requests.at(-1)?.path).toBe(`/api/jobs/${job_id}`);
    expect(job.status).toBe('IN_PROGRESS');
    expect(job.model_groups_used).toEqual(['sdk-chat']);
    expect(job.created_at).toMatch(/Z$/);
    expect(parseTimestamp(job.created_at).getTime()).not.toBeNaN();
  });

  it('updateJobMetadata: PATCH /api/jobs/{id}/metadata shallow-merges', async () => {
    const { client, emulator } = setup();
    const { job_id } = await client.createJob({ job_type: 't', metadata: { a: 1, b: 1 } });
    const updated = await client.updateJobMetadata(job_id, { b: 2 });
    expect(emulator.requests.at(-1)).toMatchObject({ method: 'PATCH', path: `/api/jobs/${job_id}/metadata`, body: { metadata: { b: 2 } } });
    expect(updated.metadata).toEqual({ a: 1, b: 2, saas_litellm_ref: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('chat: POST /api/jobs/{id}/llm-call with the params, nulls omitted', async () => {
    const { client, emulator } = setup();
    const { job_id } = await client.createJob('t');
    const reply = await client.chat(job_id, {
      model: 'sdk-chat',
      messages: hello,
      purpose: 'greeting',
      temperature: 0.2,
      max_tokens: 64,
      call_metadata: { step: 1 },
      top_p: null as unknown as number,
    });
    expect(emulator.requests.at(-1)).toMatchObject({ method: 'POST', path: `/api/jobs/${job_id}/llm-call` });
    expect(emulator.requests.at(-1)?.body).toEqual({
      model: 'sdk-chat',
      messages: hello,
      purpose: 'greeting',
      temperature: 0.2,
      max_tokens: 64,
      call_metadata: { step: 1 },
    });
    expect(reply.response.content).toBe('Hello from the fake upstream. You said: Say hello to the SDK');
    expect(reply.response.finish_reason).toBe('stop');
    expect(reply.metadata.model).toBe('sdk-chat');
  });

  it('completeJob: POST /api/jobs/{id}/complete, lowercase status, costs and credits', async () => {
    const { client, emulator } = setup();
    const { job_id } = await client.createJob('t');
    await client.chat(job_id, { model: 'sdk-chat', messages: hello });
    const done = await client.completeJob(job_id, 'completed', { metadata: { result: 'ok' } });
    expect(emulator.requests.at(-1)).toMatchObject({ path: `/api/jobs/${job_id}/complete`, body: { status: 'completed', metadata: { result: 'ok' } } });
    expect(done.status).toBe('COMPLETED');
    expect(done.completed_at).not.toMatch(/Z$/);
    expect(done.costs.credit_applied).toBe(true);
    expect(done.costs.credits_remaining).toBe(99);
    expect(done.calls).toHaveLength(1);
  });

  it('completeJob truncates error_message to 1000 characters instead of rejecting it', async () => {
    const { client, emulator } = setup();
    const { job_id } = await client.createJob('t');
    const done = await client.completeJob(job_id, 'failed', { error_message: 'x'.repeat(1500) });
    expect(done.status).toBe('FAILED');
    expect((emulator.requests.at(-1)?.body as { error_message: string }).error_message).toHaveLength(1000);
  });

  it('getJobCosts: GET /api/jobs/{id}/costs with naive timestamps', async () => {
    const { client } = setup();
    const { job_id } = await client.createJob('t');
    await client.chat(job_id, { model: 'sdk-chat', messages: hello, purpose: 'p' });
    const costs = await client.getJobCosts(job_id);
    expect(costs.costs.breakdown[0]).toMatchObject({ model: 'sdk-chat', purpose: 'p' });
    expect(parseTimestamp(costs.costs.breakdown[0]!.created_at).toISOString()).toMatch(/Z$/);
  });

  it('createAndCall: POST /api/jobs/create-and-call with job_metadata', async () => {
    const { client, emulator } = setup();
    const result = await client.createAndCall({ job_type: 'single', model: 'sdk-chat', messages: hello, job_metadata: { x: 1 } });
    expect(emulator.requests[0]?.body).toEqual({ team_id: 'sdk-team', job_type: 'single', model: 'sdk-chat', messages: hello, job_metadata: { x: 1, saas_litellm_ref: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
    expect(result.status).toBe('COMPLETED');
    expect(result.costs.credit_applied).toBe(true);
    expect(emulator.job(result.job_id)?.metadata).toEqual({ x: 1, saas_litellm_ref: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('listJobs: GET /api/teams/{team}/jobs with query, lowercase status upper-cased', async () => {
    const { client, emulator } = setup();
    await client.createJob('a');
    const list = await client.listJobs({ status: 'pending', limit: 10 });
    const url = new URL(emulator.requests.at(-1)!.url);
    expect(url.pathname).toBe('/api/teams/sdk-team/jobs');
    expect(url.searchParams.get('status')).toBe('PENDING');
    expect(url.searchParams.get('limit')).toBe('10');
    expect(list.jobs).toHaveLength(1);
  });

  it('getUsage: GET /api/teams/{team}/usage?period=', async () => {
    const { client, emulator } = setup();
    await client.createAndCall({ job_type: 'a', model: 'sdk-chat', messages: hello });
    const period = new Date().toISOString().slice(0, 7);
    const usage = await client.getUsage(period);
    expect(new URL(emulator.requests.at(-1)!.url).searchParams.get('period')).toBe(period);
    expect(usage.summary.total_jobs).toBe(1);
    expect(usage.job_types.a?.count).toBe(1);
  });

  it('getCreditBalance, listCreditTransactions and checkCredits use the team routes', async () => {
    const { client, emulator } = setup();
    await client.createAndCall({ job_type: 'a', model: 'sdk-chat', messages: hello });
    expect((await client.getCreditBalance()).credits_remaining).toBe(99);
    expect(emulator.requests.at(-1)?.path).toBe('/api/credits/teams/sdk-team/balance');
    const ledger = await client.listCreditTransactions({ limit: 5 });
    expect(ledger.transactions[0]).toMatchObject({ transaction_type: 'deduction', credits_amount: 1 });
    const check = await client.checkCredits(500);
    expect(emulator.requests.at(-1)).toMatchObject({ method: 'POST', path: '/api/credits/teams/sdk-team/check', body: undefined });
    expect(new URL(emulator.requests.at(-1)!.url).searchParams.get('credits_needed')).toBe('500');
    expect(check.has_credits).toBe(false);
    expect(check.error).toMatch(/^Insufficient credits/);
  });

  it('resolveModelGroup, listModels and getModel', async () => {
    const { client, emulator } = setup();
    const resolved = await client.resolveModelGroup('sdk-group');
    expect(new URL(emulator.requests.at(-1)!.url).searchParams.get('team_id')).toBe('sdk-team');
    expect(resolved).toMatchObject({ primary_model: 'gpt-4o-mini', fallback_models: ['gpt-4o'], team_has_access: true });
    const models = await client.listModels({ provider: 'anthropic' });
    expect(models.map((model) => model.model_alias)).toEqual(['sdk-claude']);
    expect(emulator.requests.at(-1)?.headers.authorization).toBeUndefined();
    expect((await client.getModel('sdk-chat')).actual_model).toBe('gpt-4o-mini');
  });

  it('sends a different X-Request-ID for each logical call', async () => {
    const { client, emulator } = setup();
    await client.health();
    await client.health();
    const [first, second] = emulator.requests.map((request) => request.headers['x-request-id']);
    expect(first).not.toBe(second);
  });

  it('adds client and per-call headers', async () => {
    const { client, emulator } = setup({ client: { headers: { 'x-tenant': 'a' } } });
    await client.health({ headers: { 'x-trace': 'b' } });
    expect(emulator.requests[0]?.headers).toMatchObject({ 'x-tenant': 'a', 'x-trace': 'b' });
  });
});

/** One call of each operation through its public method (the type requires one for every record). */
const invocations: Record<Operation, (client: SaaSLLMClient, jobId: string) => Promise<unknown>> = {
  health: (client) => client.health(),
  createJob: (client) => client.createJob('endpoint-table'),
  getJob: (client, jobId) => client.getJob(jobId),
  updateJobMetadata: (client, jobId) => client.updateJobMetadata(jobId, { step: 1 }),
  completeJob: (client, jobId) => client.completeJob(jobId, 'completed'),
  getJobCosts: (client, jobId) => client.getJobCosts(jobId),
  chat: (client, jobId) => client.chat(jobId, { model: 'sdk-chat', messages: hello }),
  chatStream: async (client, jobId) => (await client.chatStream(jobId, { model: 'sdk-chat', messages: hello })).text(),
  createAndCall: (client) => client.createAndCall({ job_type: 'endpoint-table', model: 'sdk-chat', messages: hello }),
  createAndCallStream: async (client) => (await client.createAndCallStream({ job_type: 'endpoint-table', model: 'sdk-chat', messages: hello })).text(),
  getTeam: (client) => client.getTeam(),
  listJobs: (client) => client.listJobs({ status: 'pending' }),
  getUsage: (client) => client.getUsage('2026'),
  getCreditBalance: (client) => client.getCreditBalance(),
  listCreditTransactions: (client) => client.listCreditTransactions({ limit: 5 }),
  checkCredits: (client) => client.checkCredits(1),
  resolveModelGroup: (client) => client.resolveModelGroup('sdk-group'),
  getModelGroup: (client) => client.getModelGroup('sdk-group'),
  listModels: (client) => client.listModels(),
  getModel: (client) => client.getModel('sdk-chat'),
};

/** `/api/jobs/{job_id}` → a pattern that any filled-in value matches. */
const templatePattern = (template: string) => new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`);

describe('the endpoint table', () => {
  const operations = Object.keys(ENDPOINTS) as Operation[];

  it.each(operations)('%s: the record is filed under its own operation name', (operation) => {
    expect(ENDPOINTS[operation].operation).toBe(operation);
  });

  it.each(operations)('%s: the public method sends the record\'s method and path, with the key only when the record says, and reads the answer', async (operation) => {
    const { client, emulator } = setup({ emulator: { jobStreamRoute: 'fixed' } });
    const { job_id } = await client.createJob('endpoint-table');
    const before = emulator.requests.length;
    await invocations[operation](client, job_id);
    const sent = emulator.requests[before];
    const record = ENDPOINTS[operation];
    expect(sent?.method).toBe(record.method);
    expect(sent?.path).toMatch(templatePattern(record.path));
    expect(sent?.headers.authorization !== undefined).toBe(record.authenticated);
  });
});

describe('the routes the server leaves open', () => {
  it('getTeam: GET /api/teams/{team_id} without the key; the key the server echoes is left out', async () => {
    const { client, emulator } = setup();
    const team = await client.getTeam();
    expect(emulator.requests[0]).toMatchObject({ method: 'GET', path: `/api/teams/${TEST_TEAM_ID}` });
    expect(emulator.requests[0]?.headers.authorization).toBeUndefined();
    expect(team).toMatchObject({ team_id: TEST_TEAM_ID, access_groups: ['default'], credits: { status: 'active' } });
    expect(team.allowed_model_aliases).toEqual(['sdk-chat', 'sdk-claude', 'sdk-fireworks', 'sdk-gemini']);
    expect('virtual_key' in team).toBe(false);
    expect(JSON.stringify(team)).not.toContain(TEST_VIRTUAL_KEY);
  });

  it('getModelGroup: GET /api/model-groups/{group_name}, its models by priority', async () => {
    const { client, emulator } = setup();
    const group = await client.getModelGroup('sdk-group');
    expect(emulator.requests[0]?.headers.authorization).toBeUndefined();
    expect(group.group_name).toBe('sdk-group');
    expect(group.models.map((model) => [model.model_name, model.priority])).toEqual([
      ['gpt-4o-mini', 0],
      ['gpt-4o', 1],
    ]);
  });

  it('getModelGroup of an unknown group → NotFoundError with the server\'s text', async () => {
    const { client } = setup();
    await expect(client.getModelGroup('nope')).rejects.toMatchObject({ name: 'NotFoundError', status: 404, detail: "Model group 'nope' not found" });
  });
});
