import { describe, expect, it } from 'vitest';
import { InvalidRequestError, type ChatParams } from '../src/index.js';
import { hello, rejectionOf, setup, useMswServer } from './helpers.js';

useMswServer();

const JOB_ID = '00000000-0000-4000-8000-000000000000';

describe('bad input is rejected before anything is sent', () => {
  const cases: Array<[string, (client: ReturnType<typeof setup>['client']) => Promise<unknown>, string]> = [
    ['a non-UUID job id', (client) => client.getJob('not-a-uuid'), 'jobId'],
    ['a non-UUID job id on chat', (client) => client.chat('123', { model: 'sdk-chat', messages: hello }), 'jobId'],
    ['a non-UUID job id on complete', (client) => client.completeJob('x', 'completed'), 'jobId'],
    ['job_type over 100 characters', (client) => client.createJob('j'.repeat(101)), 'job_type'],
    ['an empty job_type', (client) => client.createJob(''), 'job_type'],
    ['user_id over 255 characters', (client) => client.createJob({ job_type: 'a', user_id: 'u'.repeat(256) }), 'user_id'],
    ['purpose over 200 characters', (client) => client.chat(JOB_ID, { model: 'sdk-chat', messages: hello, purpose: 'p'.repeat(201) }), 'purpose'],
    ['stop that is a string', (client) => client.chat(JOB_ID, { model: 'sdk-chat', messages: hello, stop: 'END' as unknown as string[] }), 'stop'],
    ['a missing model', (client) => client.chat(JOB_ID, { messages: hello } as unknown as ChatParams), 'model'],
    ['an empty model', (client) => client.chat(JOB_ID, { model: '', messages: hello }), 'model'],
    ['missing messages', (client) => client.chat(JOB_ID, { model: 'sdk-chat' } as unknown as ChatParams), 'messages'],
    ['messages that are a string', (client) => client.chat(JOB_ID, { model: 'sdk-chat', messages: 'hello' as never }), 'messages'],
    ['a message without content', (client) => client.chat(JOB_ID, { model: 'sdk-chat', messages: [{ role: 'user' } as never] }), 'messages.0.content'],
    ['the outdated model_group field', (client) => client.chat(JOB_ID, { model_group: 'x', model: 'sdk-chat', messages: hello } as ChatParams), 'model_group'],
    ['a missing job_type on createAndCall', (client) => client.createAndCall({ model: 'sdk-chat', messages: hello } as never), 'job_type'],
    ['an uppercase complete status', (client) => client.completeJob(JOB_ID, 'COMPLETED' as never), 'status'],
    ['a usage period with a day', (client) => client.getUsage('2025-10-08'), 'period'],
    ['an unknown job status filter', (client) => client.listJobs({ status: 'done' }), 'status'],
    ['a fractional credits_needed', (client) => client.checkCredits(1.5), 'creditsNeeded'],
    ['a model alias with a slash', (client) => client.getModel('a/b'), 'alias'],
    ['a group name that is a lone surrogate (a URL cannot carry it)', (client) => client.resolveModelGroup('\ud800'), 'groupName'],
    ['a group name with a lone surrogate inside', (client) => client.getModelGroup('sdk-\udc00-group'), 'groupName'],
    ['a model alias that is a lone surrogate', (client) => client.getModel('\udfff'), 'alias'],
  ];

  it.each(cases)('%s → InvalidRequestError naming the field, zero requests', async (_name, call, field) => {
    const { client, emulator } = setup();
    const error = await rejectionOf(call(client), InvalidRequestError);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.issues.map((issue: { path: string }) => issue.path)).toContain(field);
    expect(error.message).toContain(field);
    expect(error.retryable).toBe(false);
    expect(emulator.requests).toHaveLength(0);
  });
});
