import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import * as zm from 'zod/mini';
import {
  InsufficientCreditsError,
  InvalidRequestError,
  ResponseValidationError,
  SaaSLLMClient,
  ServerError,
  StreamError,
} from '../src/index.js';
import { EMPTY_TEAM_ID, EMPTY_VIRTUAL_KEY, plainTextError, TEST_BASE_URL } from '../src/testing/index.js';
import { hello, rejectionOf, setup, useMswServer } from './helpers.js';

useMswServer();

describe('withJob', () => {
  it('completes the job as completed when the work returns, and returns its result', async () => {
    const { client, emulator } = setup();
    let jobId = '';
    const result = await client.withJob('summarise', async (job) => {
      jobId = job.job_id;
      const reply = await job.chat({ model: 'sdk-chat', messages: hello });
      return reply.response.content;
    });
    expect(result).toBe('Hello from the fake upstream. You said: Say hello to the SDK');
    expect(emulator.job(jobId)?.status).toBe('COMPLETED');
    expect(emulator.job(jobId)?.credit_applied).toBe(true);
    expect(emulator.requestsTo(`/api/jobs/${jobId}/complete`)).toHaveLength(1);
  });

  it('passes job params through and binds the per-job calls', async () => {
    const { client, emulator } = setup();
    await client.withJob({ job_type: 'triage', user_id: 'u-42', metadata: { ticket: 7 } }, async (job) => {
      await job.updateMetadata({ step: 'read' });
    });
    const [job] = emulator.jobs();
    expect(job?.user_id).toBe('u-42');
    // The SDK's reference rides along (see reconcile): one UUID under `saas_litellm_ref`.
    expect(job?.metadata).toEqual({ ticket: 7, step: 'read', saas_litellm_ref: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('completes the job as failed with the error message and rethrows the same error', async () => {
    const { client, emulator } = setup();
    const thrown = new Error('parsing the ticket failed');
    let jobId = '';
    const error = await rejectionOf(
      client.withJob('summarise', async (job) => {
        jobId = job.job_id;
        throw thrown;
      }),
      Error,
    );
    expect(error).toBe(thrown);
    expect(emulator.job(jobId)?.status).toBe('FAILED');
    expect(emulator.job(jobId)?.error_message).toBe('Error: parsing the ticket failed');
    expect(emulator.job(jobId)?.credit_applied).toBe(false);
    expect(emulator.requestsTo(`/api/jobs/${jobId}/complete`)).toHaveLength(1);
  });

  it('attaches a failed completion to the original error', async () => {
    const { client, emulator } = setup();
    emulator.use(plainTextError({ path: /\/complete$/ }));
    const thrown = new TypeError('bad state');
    const error = await rejectionOf(
      client.withJob('summarise', () => {
        throw thrown;
      }),
      TypeError,
    );
    expect(error).toBe(thrown);
    expect((error as TypeError & { completionError?: unknown }).completionError).toBeInstanceOf(ServerError);
  });

  it('throws the completion failure when the work succeeded but completing did not', async () => {
    const { client, emulator } = setup();
    emulator.use(plainTextError({ path: /\/complete$/ }));
    expect(await rejectionOf(client.withJob('summarise', () => 'done'))).toBeInstanceOf(ServerError);
  });

  it('never completes a job the work completed itself', async () => {
    const { client, emulator } = setup();
    let jobId = '';
    await client.withJob('summarise', async (job) => {
      jobId = job.job_id;
      await client.completeJob(job.job_id, 'failed', { error_message: 'gave up' });
    });
    expect(emulator.requestsTo(`/api/jobs/${jobId}/complete`)).toHaveLength(1);
    expect(emulator.job(jobId)?.status).toBe('FAILED');
  });

  it('fails the job once when a stream inside it fails (auto-fail, then withJob)', async () => {
    const { client, emulator } = setup();
    let jobId = '';
    const error = await rejectionOf(
      client.withJob('stream', async (job) => {
        jobId = job.job_id;
        const stream = await job.chatStream({ model: 'sdk-chat', messages: hello });
        return stream.text();
      }),
    );
    expect(error).toBeInstanceOf(StreamError);
    expect(emulator.requestsTo(`/api/jobs/${jobId}/complete`)).toHaveLength(1);
    expect(emulator.job(jobId)?.status).toBe('FAILED');
  });

  it('requireCredits: throws InsufficientCreditsError without creating a job', async () => {
    const { emulator, client: _unused } = setup();
    const client = new SaaSLLMClient({ baseUrl: TEST_BASE_URL, teamId: EMPTY_TEAM_ID, virtualKey: EMPTY_VIRTUAL_KEY, retry: false, circuitBreaker: false });
    let ran = false;
    const error = await rejectionOf(
      client.withJob('summarise', () => {
        ran = true;
      }, { requireCredits: 5 }),
      InsufficientCreditsError,
    );
    expect(error).toBeInstanceOf(InsufficientCreditsError);
    expect(error.creditsNeeded).toBe(5);
    expect(error.creditsRemaining).toBe(0);
    // A refusal of the SDK's own, not a server's answer: no HTTP status.
    expect(error).toMatchObject({ status: undefined, sendState: 'not-sent' });
    expect(ran).toBe(false);
    expect(emulator.requestsTo('/api/jobs/create')).toHaveLength(0);
  });

  it('requireCredits: goes ahead when the team has enough', async () => {
    const { client, emulator } = setup();
    expect(await client.withJob('summarise', () => 42, { requireCredits: 5 })).toBe(42);
    expect(emulator.requestsTo('/api/jobs/create')).toHaveLength(1);
  });

  it('rejects a bad requireCredits before sending anything', async () => {
    const { client, emulator } = setup();
    expect(await rejectionOf(client.withJob('x', () => 1, { requireCredits: -1 }))).toBeInstanceOf(InvalidRequestError);
    expect(emulator.requests).toHaveLength(0);
  });
});

const Ticket = z.object({
  priority: z.enum(['low', 'high']),
  summary: z.string(),
  tags: z.array(z.string()),
  assignee: z.string().optional(),
});

describe('structuredOutput', () => {
  it('sends a strict json_schema and returns the validated value', async () => {
    const { client, emulator } = setup({
      emulator: { reply: () => '{"priority": "high", "summary": "Printer on fire", "tags": ["hardware"], "assignee": null}' },
    });
    const job = await client.createJob('triage');
    const ticket = await client.structuredOutput(job.job_id, { model: 'sdk-chat', messages: hello }, Ticket, { schemaName: 'ticket' });
    expect(ticket).toEqual({ priority: 'high', summary: 'Printer on fire', tags: ['hardware'] });
    const [request] = emulator.requestsTo(`/api/jobs/${job.job_id}/llm-call`);
    const format = (request?.body as { response_format: any }).response_format;
    expect(format.type).toBe('json_schema');
    expect(format.json_schema.name).toBe('ticket');
    expect(format.json_schema.strict).toBe(true);
    expect(format.json_schema.schema.additionalProperties).toBe(false);
    expect(format.json_schema.schema.required).toEqual(['priority', 'summary', 'tags', 'assignee']);
    expect(format.json_schema.schema.properties.assignee.type).toEqual(['string', 'null']);
  });

  it('takes a zod/mini schema with zod/mini\'s toJSONSchema, and builds the same format as the classic one', async () => {
    const { client, emulator } = setup({ emulator: { reply: () => '{"priority": "low", "summary": "s"}' } });
    const MiniTicket = zm.object({ priority: zm.enum(['low', 'high']), summary: zm.string(), assignee: zm.optional(zm.string()) });
    const ClassicTicket = z.object({ priority: z.enum(['low', 'high']), summary: z.string(), assignee: z.string().optional() });
    const job = await client.createJob('triage');
    expect(await client.structuredOutput(job.job_id, { model: 'sdk-chat', messages: hello }, MiniTicket, { toJSONSchema: zm.toJSONSchema })).toEqual({ priority: 'low', summary: 's' });
    await client.structuredOutput(job.job_id, { model: 'sdk-chat', messages: hello }, ClassicTicket);
    const [mini, classic] = emulator.requestsTo(`/api/jobs/${job.job_id}/llm-call`).map((request) => (request.body as { response_format: unknown }).response_format);
    expect((mini as any).json_schema.schema.required).toEqual(['priority', 'summary', 'assignee']);
    expect(mini).toEqual(classic);
  });

  it('refuses a zod/mini schema without toJSONSchema before anything is sent, saying what to pass', async () => {
    const { client, emulator } = setup();
    const job = await client.createJob('triage');
    const error = await rejectionOf(client.structuredOutput(job.job_id, { model: 'sdk-chat', messages: hello }, zm.object({ a: zm.string() })), InvalidRequestError);
    expect(error.message).toContain("import { toJSONSchema } from 'zod/mini'");
    expect(error.issues[0]?.path).toBe('options.toJSONSchema');
    expect(emulator.requestsTo(`/api/jobs/${job.job_id}/llm-call`)).toHaveLength(0);
    const notAFunction = await rejectionOf(
      client.structuredOutput(job.job_id, { model: 'sdk-chat', messages: hello }, zm.object({ a: zm.string() }), { toJSONSchema: 'yes' as never }),
      InvalidRequestError,
    );
    expect(notAFunction.issues[0]?.path).toBe('options.toJSONSchema');
  });

  it('accepts JSON wrapped in a Markdown fence', async () => {
    const { client } = setup({ emulator: { reply: () => '```json\n{"priority": "low", "summary": "s", "tags": []}\n```' } });
    const job = await client.createJob('triage');
    expect(await client.structuredOutput(job.job_id, { model: 'sdk-claude', messages: hello }, Ticket)).toEqual({ priority: 'low', summary: 's', tags: [] });
  });

  it('throws ResponseValidationError with the raw text when the answer does not match', async () => {
    const raw = '{"priority": "urgent", "summary": "s", "tags": []}';
    const { client } = setup({ emulator: { reply: () => raw } });
    const job = await client.createJob('triage');
    const error = await rejectionOf(client.structuredOutput(job.job_id, { model: 'sdk-chat', messages: hello }, Ticket), ResponseValidationError);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.body).toBe(raw);
    expect(error.issues[0]?.path).toBe('priority');
  });

  it('throws ResponseValidationError when the answer is not JSON', async () => {
    const { client } = setup({ emulator: { reply: () => 'Sure! Here is your ticket.' } });
    const job = await client.createJob('triage');
    const error = await rejectionOf(client.structuredOutput(job.job_id, { model: 'sdk-chat', messages: hello }, Ticket), ResponseValidationError);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.body).toBe('Sure! Here is your ticket.');
  });

  it('rejects a bad schema name before sending', async () => {
    const { client, emulator } = setup();
    const job = await client.createJob('triage');
    const error = await rejectionOf(client.structuredOutput(job.job_id, { model: 'sdk-chat', messages: hello }, Ticket, { schemaName: 'a b' }), InvalidRequestError);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(emulator.requestsTo(/llm-call/)).toHaveLength(0);
  });
});
