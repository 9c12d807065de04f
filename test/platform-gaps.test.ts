/**
 * What a runtime may forbid or lack, simulated in Node (the runtime matrix runs the real ones): nothing
 * runs at construction (a Worker refuses timers at module scope), environment variables that cannot be
 * read count as unset (Deno without --allow-env), a missing `AbortSignal.any` (Vercel's edge-runtime) has
 * a fallback, and a failure of the SDK's own code before anything is sent is local: never retried, never
 * counted by a breaker.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CircuitOpenError, InvalidRequestError, SaaSLLMClient, TimeoutError } from '../src/index.js';
import { createEmulator, serverErrors, slow, TEST_BASE_URL, TEST_TEAM_ID, TEST_VIRTUAL_KEY } from '../src/testing/index.js';
import { clientOn, hello, rejectionOf } from './helpers.js';

const options = { baseUrl: TEST_BASE_URL, teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY };
const originalAny = AbortSignal.any;

afterEach(() => {
  AbortSignal.any = originalAny;
  vi.restoreAllMocks();
});

describe('construction', () => {
  it('starts no timer and no interval, with the default breaker, a rate limit and a retry budget', () => {
    const intervals = vi.spyOn(globalThis, 'setInterval');
    const timeouts = vi.spyOn(globalThis, 'setTimeout');
    const client = new SaaSLLMClient({ ...options, rateLimit: { requestsPerSecond: 5 }, fallbackModels: ['sdk-claude'] });
    expect(intervals).not.toHaveBeenCalled();
    expect(timeouts).not.toHaveBeenCalled();
    client.close();
  });

  it("the breakers' error-rate window turns without an interval, and still opens on the rate", async () => {
    const intervals = vi.spyOn(globalThis, 'setInterval');
    const emulator = createEmulator();
    // 11 of 21 calls fail, never two in a row: the rate rule, not the consecutive one, opens it.
    const client = clientOn(emulator, { circuitBreaker: { failureThreshold: 100, volumeThreshold: 20, errorThresholdPercentage: 50 } });
    for (let index = 0; index < 21; index += 1) {
      if (index % 2 === 0) emulator.use(serverErrors({ status: 503, times: 1 }));
      await client.getCreditBalance().catch(() => {});
      emulator.clearFaults();
    }
    expect(client.circuitState).toBe('open');
    // A provider failure creates a model's breaker: no interval either.
    emulator.use(serverErrors({ status: 500, body: { detail: 'LLM call failed: provider down' }, path: /llm-call$/ }));
    const fresh = clientOn(emulator, {});
    const job = await fresh.createJob('x');
    await fresh.chat(job.job_id, { model: 'sdk-chat', messages: hello }).catch(() => {});
    expect(intervals).not.toHaveBeenCalled();
  });

  it('a window that has moved on forgets old failures (the buckets turn with the clock, not a timer)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const emulator = createEmulator();
      const client = clientOn(emulator, { circuitBreaker: { failureThreshold: 100, volumeThreshold: 20, errorThresholdPercentage: 50, rollingWindowMs: 10_000 } });
      const call = async (fails: boolean) => {
        if (fails) emulator.use(serverErrors({ status: 503, times: 1 }));
        await client.getCreditBalance().catch(() => {});
        emulator.clearFaults();
      };
      // 10 failures in 19 calls: under the volume threshold.
      for (let index = 0; index < 19; index += 1) await call(index % 2 === 0);
      vi.setSystemTime(Date.now() + 60_000);
      // A minute later, one failure in two calls: with the old calls still in the window it would be
      // 11 of 21 (over 50% of at least 20) and open.
      await call(false);
      await call(true);
      expect(client.circuitState).toBe('closed');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("an open breaker whose reset timer never fired (a Worker cancels a request's timers when it ends)", () => {
  it('goes half-open at the first call after its reset time, and the probe closes it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const emulator = createEmulator({ faults: [serverErrors({ status: 503, times: 1 })] });
    const client = clientOn(emulator, { circuitBreaker: { failureThreshold: 1, resetTimeoutMs: 60_000 } });
    try {
      await rejectionOf(client.getCreditBalance());
      expect(client.circuitState).toBe('open');
      await rejectionOf(client.getCreditBalance(), CircuitOpenError);
      expect(emulator.requests).toHaveLength(1);
      // The clock moves past the reset time; opossum's own timer (real time, 60 s) has not fired.
      vi.setSystemTime(Date.now() + 61_000);
      expect(client.circuitState).toBe('halfOpen');
      await expect(client.getCreditBalance()).resolves.toMatchObject({ team_id: TEST_TEAM_ID });
      expect(emulator.requests).toHaveLength(2);
      expect(client.circuitState).toBe('closed');
    } finally {
      client.close();
      vi.useRealTimers();
    }
  });
});

describe('environment variables', () => {
  it('that cannot be read count as unset (Deno without --allow-env throws on each read)', () => {
    const env = process.env;
    const refusing = new Proxy(
      {},
      {
        get() {
          throw new Error('NotCapable: Requires env access to "SAAS_LITELLM_LOG", run again with the --allow-env flag');
        },
      },
    );
    Object.defineProperty(process, 'env', { value: refusing, configurable: true, writable: true });
    try {
      expect(() => new SaaSLLMClient(options).close()).not.toThrow();
      // Without options, the missing setting is named (not the runtime's permission error).
      expect(() => new SaaSLLMClient()).toThrow(InvalidRequestError);
    } finally {
      Object.defineProperty(process, 'env', { value: env, configurable: true, writable: true });
    }
  });
});

describe('a missing AbortSignal.any', () => {
  it("a call with the caller's signal and a deadline is sent and answered", async () => {
    (AbortSignal as { any?: unknown }).any = undefined;
    const emulator = createEmulator();
    const client = clientOn(emulator);
    await expect(client.getCreditBalance({ signal: new AbortController().signal, deadlineMs: 30_000 })).resolves.toMatchObject({ team_id: TEST_TEAM_ID });
  });

  it('the deadline still ends a slow call', async () => {
    (AbortSignal as { any?: unknown }).any = undefined;
    const emulator = createEmulator({ faults: [slow(120_000)] });
    const client = clientOn(emulator);
    const error = await rejectionOf(client.getCreditBalance({ signal: new AbortController().signal, deadlineMs: 200 }), TimeoutError);
    expect(error.phase).toBe('deadline');
  });
});

describe('a missing performance clock', () => {
  it('calls and streams time themselves with the wall clock', async () => {
    vi.stubGlobal('performance', undefined);
    const client = clientOn(createEmulator({ jobStreamRoute: 'fixed' }));
    const job = await client.createJob('x');
    await expect(client.chat(job.job_id, { model: 'sdk-chat', messages: hello })).resolves.toMatchObject({ call_id: expect.any(String) });
    await expect((await client.chatStream(job.job_id, { model: 'sdk-chat', messages: hello })).text()).resolves.not.toBe('');
    vi.unstubAllGlobals();
  });
});

describe("a failure of the SDK's own code before anything is sent", () => {
  it('is local: InvalidRequestError, one attempt, nothing sent, the breaker not counting it', async () => {
    AbortSignal.any = () => {
      throw new TypeError('AbortSignal.any is not a function');
    };
    const emulator = createEmulator();
    const client = clientOn(emulator, { retry: { maxRetries: 3, baseDelayMs: 0 }, circuitBreaker: { failureThreshold: 1 } });
    const error = await rejectionOf(client.getCreditBalance({ signal: new AbortController().signal }), InvalidRequestError);
    expect(error.message).toContain('failed before the request left');
    expect(error.attempts).toBe(1);
    expect(emulator.requests).toHaveLength(0);
    expect(client.circuitState).toBe('closed');
  });
});
