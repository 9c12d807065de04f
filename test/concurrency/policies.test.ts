/**
 * Shared state under concurrency: for each policy that counts across calls (the model breakers, the server
 * breaker, the retry budget, the rate limit, the completion registry), N calls in flight at once reach
 * the same verdict as the same N calls one after another. Checked through the public client against the
 * emulator: the state the client reports, the requests the server saw, each call's typed outcome.
 */
import { describe, expect, it, vi } from 'vitest';
import { CircuitOpenError } from '../../src/index.js';
import { createEmulator, serverErrors, type Fault } from '../../src/testing/index.js';
import { closingClients, hello, rejectionOf } from '../helpers.js';

const client = closingClients();

/** Holds every matching request until `release()`, so that all the calls are in flight together. */
function holdAll(path: RegExp): { fault: Fault; release: () => void; held: () => number } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let held = 0;
  return {
    fault: async (request, next) => {
      if (path.test(new URL(request.url).pathname)) {
        held += 1;
        await opened;
      }
      return next(request);
    },
    release: () => open(),
    held: () => held,
  };
}

const N = 10;
/** How a call ended (`ok` or the error's name), with a handler attached at once: a call refused while others are held must not be an unhandled rejection. */
const outcome = (call: Promise<unknown>): Promise<string> => call.then(() => 'ok', (error: Error) => error.name);
const outcomes = (calls: Array<Promise<string>>) => Promise.all(calls);

describe.each(['in sequence', 'all at once'] as const)('the same verdict %s', (mode) => {
  const run = async (count: number, call: () => Promise<unknown>, gate?: { release: () => void; held: () => number }): Promise<string[]> => {
    if (mode === 'in sequence') {
      const results: string[] = [];
      gate?.release();
      for (let index = 0; index < count; index += 1) results.push(await outcome(call()));
      return results;
    }
    const calls = Array.from({ length: count }, () => outcome(call()));
    if (gate !== undefined) {
      await vi.waitFor(() => expect(gate.held()).toBe(count));
      gate.release();
    }
    return outcomes(calls);
  };

  it(`a model's provider failures open its breaker (${N} calls)`, async () => {
    const emulator = createEmulator({ providersWithoutCredentials: ['anthropic'] });
    const gate = holdAll(/\/llm-call$/);
    emulator.use(gate.fault);
    const sdk = client(emulator, { circuitBreaker: { failureThreshold: 5 } });
    const { job_id } = await sdk.createJob('concurrency');
    const results = await run(N, () => sdk.chat(job_id, { model: 'sdk-claude', messages: hello }), gate);
    expect(results.filter((result) => result === 'ServerError')).toHaveLength(mode === 'in sequence' ? 5 : N);
    expect(sdk.modelCircuitState('sdk-claude')).toBe('open');
    const sent = emulator.requests.length;
    await rejectionOf(sdk.chat(job_id, { model: 'sdk-claude', messages: hello }), CircuitOpenError);
    expect(emulator.requests).toHaveLength(sent);
    // The other models and the server breaker are untouched.
    expect(sdk.circuitState).toBe('closed');
    await expect(sdk.chat(job_id, { model: 'sdk-chat', messages: hello })).resolves.toBeDefined();
  });

  it(`the server breaker opens on ${N} failures`, async () => {
    const gate = holdAll(/\/balance$/);
    const emulator = createEmulator({ faults: [gate.fault, serverErrors({ status: 503 })] });
    const sdk = client(emulator, { circuitBreaker: { failureThreshold: 5 } });
    const results = await run(N, () => sdk.getCreditBalance(), gate);
    expect(results.filter((result) => result === 'ServiceUnavailableError')).toHaveLength(mode === 'in sequence' ? 5 : N);
    expect(sdk.circuitState).toBe('open');
    await rejectionOf(sdk.getCreditBalance(), CircuitOpenError);
  });

  it(`the retry budget allows the same number of retries to ${N} failing calls`, async () => {
    const emulator = createEmulator({ faults: [serverErrors({ status: 503 })] });
    // 20 tokens at 5 a retry: 4 retries for the whole client, however the calls overlap.
    const sdk = client(emulator, { retry: { maxRetries: 3, baseDelayMs: 0, maxDelayMs: 0, jitter: 0 }, retryBudget: { capacity: 20, retryCost: 5 } });
    const results = await run(N, () => sdk.getCreditBalance());
    expect(results.every((result) => result === 'ServiceUnavailableError')).toBe(true);
    expect(emulator.requests).toHaveLength(N + 4);
  });

  it(`the completion registry lets exactly one of ${N} completions of a job through`, async () => {
    const emulator = createEmulator();
    const sdk = client(emulator, {});
    const { job_id } = await sdk.createJob('concurrency');
    const gate = holdAll(/\/complete$/);
    emulator.use(gate.fault);
    let index = 0;
    const statuses = ['completed', 'failed'] as const;
    const results = mode === 'in sequence' ? await run(N, () => sdk.completeJob(job_id, statuses[index++ % 2] as 'completed'), gate) : await (async () => {
      const calls = Array.from({ length: N }, () => outcome(sdk.completeJob(job_id, statuses[index++ % 2] as 'completed')));
      await vi.waitFor(() => expect(gate.held()).toBe(1));
      gate.release();
      return outcomes(calls);
    })();
    gate.release();
    expect(results.filter((result) => result === 'ok')).toHaveLength(1);
    expect(results.filter((result) => result === 'InvalidRequestError')).toHaveLength(N - 1);
    expect(emulator.requestsTo(/\/complete$/)).toHaveLength(1);
    expect(emulator.job(job_id)?.status).toBe('COMPLETED');
  });
});

describe('the rate limit under contention', () => {
  it('20 calls at once: each is sent within its deadline or refused at once with RateLimitError, never a TimeoutError', async () => {
    vi.useFakeTimers();
    const emulator = createEmulator();
    const sdk = client(emulator, { rateLimit: { requestsPerSecond: 10, burst: 5 } });
    const settledAt: Record<string, number[]> = {};
    const startedAt = Date.now();
    const calls = Array.from({ length: 20 }, () =>
      sdk.getCreditBalance({ deadlineMs: 1_000 }).then(
        () => (settledAt.ok ??= []).push(Date.now() - startedAt),
        (error: Error) => (settledAt[error.name] ??= []).push(Date.now() - startedAt),
      ),
    );
    await vi.advanceTimersByTimeAsync(2_000);
    await Promise.all(calls);
    // 5 at once, then one every 100 ms while a token leaves a tenth of the deadline for the request: 9 more.
    expect(settledAt.ok).toHaveLength(14);
    expect(Math.max(...(settledAt.ok ?? []))).toBeLessThanOrEqual(900);
    // The others knew at once that no token could come in time: refused before any time passed.
    expect(settledAt.RateLimitError).toHaveLength(6);
    expect(settledAt.RateLimitError?.every((at) => at === 0)).toBe(true);
    expect(settledAt.TimeoutError).toBeUndefined();
    expect(emulator.requests).toHaveLength(14);
  });

  it('a call aborted while it waits for its token gives the token back', async () => {
    vi.useFakeTimers();
    const emulator = createEmulator();
    const sdk = client(emulator, { rateLimit: { requestsPerSecond: 1, burst: 1 } });
    await sdk.getCreditBalance();
    const controller = new AbortController();
    const waiting = rejectionOf(sdk.getCreditBalance({ signal: controller.signal, deadlineMs: 5_000 }));
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    expect((await waiting).name).toBe('RequestAbortedError');
    // Its reserved token is there for the next call, which is sent when the token is due, not a second later.
    const next = sdk.getCreditBalance({ deadlineMs: 5_000 });
    await vi.advanceTimersByTimeAsync(900);
    await expect(next).resolves.toBeDefined();
    expect(emulator.requests).toHaveLength(2);
  });
});
