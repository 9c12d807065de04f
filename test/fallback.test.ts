/** fallbackModels: the next model after a provider failure or an open model breaker, within deadline and budget. */
import { describe, expect, it } from 'vitest';
import { ConnectionError, ServerError } from '../src/index.js';
import { createEmulator, networkError, type Fault } from '../src/testing/index.js';
import { clientOn, hello, rejectionOf } from './helpers.js';

/** The server's answer when the provider behind `model` fails: 500 "LLM call failed: …". */
function providerDown(model: string): Fault {
  return async (request, next) => {
    const body = request.body === null ? undefined : ((await request.clone().json().catch(() => undefined)) as { model?: string } | undefined);
    if (body?.model !== model) return next(request);
    return new Response(JSON.stringify({ detail: `LLM call failed: 500: Failed to call provider API: ${model} is down` }), { status: 500, headers: { 'content-type': 'application/json' } });
  };
}

const llmCalls = (emulator: ReturnType<typeof createEmulator>) => emulator.requestsTo(/\/llm-call(-stream)?$|create-and-call/).map((request) => (request.body as { model: string }).model);

describe('fallbackModels', () => {
  it('a provider failure moves to the next model; the answer says which answered and which failed', async () => {
    const emulator = createEmulator({ faults: [providerDown('sdk-chat')] });
    const client = clientOn(emulator, { fallbackModels: ['sdk-claude', 'sdk-gemini'] });
    const job = await client.createJob('fallback');
    const reply = await client.chat(job.job_id, { model: 'sdk-chat', messages: hello });
    expect(reply.metadata.model).toBe('sdk-claude');
    expect(reply.fallbackFrom).toEqual(['sdk-chat']);
    expect(llmCalls(emulator)).toEqual(['sdk-chat', 'sdk-claude']);
    // A call that needs no fallback says nothing of it.
    expect((await client.chat(job.job_id, { model: 'sdk-gemini', messages: hello })).fallbackFrom).toBeUndefined();
  });

  it("an open model breaker skips that model without a request; the per-call list wins over the client's", async () => {
    const emulator = createEmulator({ faults: [providerDown('sdk-chat')] });
    const client = clientOn(emulator, { fallbackModels: ['sdk-claude'], circuitBreaker: { failureThreshold: 2 } });
    const job = await client.createJob('fallback');
    for (let call = 0; call < 2; call += 1) await rejectionOf(client.chat(job.job_id, { model: 'sdk-chat', messages: hello }, { fallbackModels: [] }), ServerError);
    expect(client.modelCircuitState('sdk-chat')).toBe('open');
    const before = llmCalls(emulator).length;
    const reply = await client.chat(job.job_id, { model: 'sdk-chat', messages: hello });
    expect(reply.fallbackFrom).toEqual(['sdk-chat']);
    expect(llmCalls(emulator).slice(before)).toEqual(['sdk-claude']);
  });

  it('an ambiguous failure is not re-sent to another model, unless retryAmbiguous', async () => {
    const emulator = createEmulator({ faults: [networkError({ code: 'ECONNRESET', afterHandling: true, path: /\/llm-call$/, times: 1 })] });
    const client = clientOn(emulator, { fallbackModels: ['sdk-claude'] });
    const job = await client.createJob('fallback');
    await rejectionOf(client.chat(job.job_id, { model: 'sdk-chat', messages: hello }), ConnectionError);
    expect(llmCalls(emulator)).toEqual(['sdk-chat']);
  });

  it('other failures are not the model: no fallback', async () => {
    const emulator = createEmulator();
    const client = clientOn(emulator, { fallbackModels: ['sdk-claude'] });
    const job = await client.createJob('fallback');
    await rejectionOf(client.chat(job.job_id, { model: 'no-such-model', messages: hello }));
    await rejectionOf(client.chat(job.job_id, { model: 'sdk-chat', messages: hello, temperature: 'hot' as never }));
    expect(llmCalls(emulator)).toEqual(['no-such-model']);
  });

  it('each fallback draws on the retry budget: an empty budget stops it', async () => {
    const emulator = createEmulator({ faults: [providerDown('sdk-chat')] });
    const client = clientOn(emulator, { fallbackModels: ['sdk-claude'], retryBudget: { capacity: 1, retryCost: 5 } });
    const job = await client.createJob('fallback');
    await rejectionOf(client.chat(job.job_id, { model: 'sdk-chat', messages: hello }), ServerError);
    expect(llmCalls(emulator)).toEqual(['sdk-chat']);
  });

  it('a stream falls back before its first chunk, and its job is not failed meanwhile', async () => {
    const emulator = createEmulator({ jobStreamRoute: 'fixed', faults: [providerDown('sdk-chat')] });
    const client = clientOn(emulator, { fallbackModels: ['sdk-gemini'] });
    const job = await client.createJob('fallback');
    const stream = await client.chatStream(job.job_id, { model: 'sdk-chat', messages: hello });
    expect(stream.fallbackFrom).toEqual(['sdk-chat']);
    expect(await stream.text()).toContain('Hello from the fake upstream');
    expect(emulator.job(job.job_id)?.status).not.toBe('FAILED');
    expect(emulator.requestsTo(`/api/jobs/${job.job_id}/complete`)).toHaveLength(0);
    const createAndCall = await client.createAndCall({ job_type: 'x', model: 'sdk-chat', messages: hello });
    expect(createAndCall.fallbackFrom).toEqual(['sdk-chat']);
  });

  it('checks its option', () => {
    expect(() => clientOn(createEmulator(), { fallbackModels: 'sdk-claude' as never })).toThrow(/fallbackModels/);
    expect(() => clientOn(createEmulator(), { fallbackModels: [''] })).toThrow(/fallbackModels\.0/);
  });
});
