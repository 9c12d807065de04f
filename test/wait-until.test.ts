/**
 * `waitUntil` (client and per call) receives every promise the SDK leaves running after a call settles, so
 * that a Worker or a Vercel function lets it finish: a fleet's writes to shared state, and the closing of a
 * stream its consumer left before the end.
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError, type CompleteStatus, type SharedState } from '../src/index.js';
import { createEmulator, serverErrors, stallAfter } from '../src/testing/index.js';
import { clientOn, hello, rejectionOf } from './helpers.js';

/** Shared state in memory that records its writes. */
function recordingState(writes: string[]): SharedState {
  const claims = new Map<string, CompleteStatus>();
  return {
    admit: async () => ({ decision: 'send', state: 'closed', retryAfterMs: 0, failures: 0 }),
    record: async () => 'closed',
    take: async () => 0,
    put: async (bucket) => void writes.push(`put ${bucket}`),
    claimCompletion: async (jobId, status) => {
      const previous = claims.get(jobId);
      if (previous !== undefined) return previous;
      claims.set(jobId, status);
      return null;
    },
    releaseCompletion: async (jobId) => {
      writes.push('release');
      claims.delete(jobId);
    },
  };
}

describe('waitUntil', () => {
  it("gets the fleet's retry-budget refill that a successful call leaves running (per call)", async () => {
    const writes: string[] = [];
    const handed: Array<Promise<unknown>> = [];
    const client = clientOn(createEmulator(), { sharedState: recordingState(writes), retry: { maxRetries: 2 } });
    await client.getCreditBalance({ waitUntil: (promise) => void handed.push(promise) });
    expect(handed).toHaveLength(1);
    await Promise.all(handed);
    expect(writes).toEqual(['put retry-budget']);
  });

  it("gets the release of a fleet's completion claim when the completion never reached the server (client option)", async () => {
    const writes: string[] = [];
    const handed: Array<Promise<unknown>> = [];
    const emulator = createEmulator();
    const client = clientOn(emulator, { sharedState: recordingState(writes), retryBudget: false, waitUntil: (promise) => void handed.push(promise) });
    const { job_id } = await client.createJob('x');
    emulator.use(serverErrors({ status: 422, path: /complete$/, times: 1 }));
    await rejectionOf(client.completeJob(job_id, 'completed'));
    expect(handed).toHaveLength(1);
    await Promise.all(handed);
    expect(writes).toContain('release');
    // Released: the next completion goes through.
    await expect(client.completeJob(job_id, 'completed')).resolves.toMatchObject({ status: 'COMPLETED' });
  });

  it('gets the closing of a stream left before its end, and nothing for a stream read to the end', async () => {
    const handed: Array<Promise<unknown>> = [];
    const emulator = createEmulator({ jobStreamRoute: 'fixed' });
    const client = clientOn(emulator);
    const { job_id } = await client.createJob('x');
    const whole = await client.chatStream(job_id, { model: 'sdk-chat', messages: hello }, { waitUntil: (promise) => void handed.push(promise) });
    await whole.text();
    expect(handed).toHaveLength(0);
    // The rest of the answer never comes (the body stays open until the SDK closes it).
    emulator.use(stallAfter(1, 600_000));
    const left = await client.chatStream(job_id, { model: 'sdk-chat', messages: hello }, { waitUntil: (promise) => void handed.push(promise) });
    for await (const _chunk of left) break;
    expect(handed).toHaveLength(1);
    await expect(Promise.all(handed)).resolves.toBeDefined();
  });

  it('must be a function', () => {
    expect(() => clientOn(createEmulator(), { waitUntil: 'later' as never })).toThrow(InvalidRequestError);
  });
});
