import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestAbortedError, SaaSLLMClient, TimeoutError, type FetchLike } from '../src/index.js';
import { rejectionOf } from './helpers.js';

const JOB_ID = '00000000-0000-4000-8000-000000000000';

/** A server that never answers, until the request is aborted. */
function hangingServer() {
  const seen: Request[] = [];
  const fetch: FetchLike = (input, init) => {
    const request = new Request(input, init);
    seen.push(request);
    return new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true }));
  };
  return { fetch, seen };
}

function client(fetch: FetchLike, extra: Partial<ConstructorParameters<typeof SaaSLLMClient>[0]> = {}) {
  return new SaaSLLMClient({ baseUrl: 'http://api.test', teamId: 't', virtualKey: 'sk-timeouts-key', retry: false, circuitBreaker: false, fetch, ...extra });
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('per-endpoint timeouts', () => {
  it('getJob times out after the 10 s default → TimeoutError phase request', async () => {
    const server = hangingServer();
    const pending = rejectionOf(client(server.fetch).getJob(JOB_ID), TimeoutError);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(server.seen[0]?.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ phase: 'request', timeoutMs: 10_000, operation: 'getJob', ambiguous: true });
  });

  it('chat uses the 60 s llm-call default', async () => {
    const server = hangingServer();
    const pending = rejectionOf(client(server.fetch).chat(JOB_ID, { model: 'm', messages: [{ role: 'user', content: 'x' }] }), TimeoutError);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(server.seen[0]?.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).timeoutMs).toBe(60_000);
  });

  it('a client-level timeout overrides the default', async () => {
    const server = hangingServer();
    const pending = rejectionOf(client(server.fetch, { timeouts: { get: 2_000 } }).getJob(JOB_ID), TimeoutError);
    await vi.advanceTimersByTimeAsync(2_000);
    expect((await pending).timeoutMs).toBe(2_000);
  });

  it('a per-call timeoutMs overrides the client', async () => {
    const server = hangingServer();
    const pending = rejectionOf(client(server.fetch, { timeouts: { get: 2_000 } }).getJob(JOB_ID, { timeoutMs: 500 }), TimeoutError);
    await vi.advanceTimersByTimeAsync(500);
    const error = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.timeoutMs).toBe(500);
  });

  it('leaves no timer behind after a response', async () => {
    const fast = client(async () => Response.json({ status: 'healthy', service: 's' }));
    await fast.health();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('caller aborts', () => {
  it('aborting mid-request → RequestAbortedError, not retryable', async () => {
    const server = hangingServer();
    const controller = new AbortController();
    const pending = rejectionOf(client(server.fetch).getJob(JOB_ID, { signal: controller.signal }), RequestAbortedError);
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(error).toMatchObject({ code: 'aborted', retryable: false });
    expect(server.seen[0]?.signal.aborted).toBe(true);
  });

  it('an already-aborted signal sends nothing', async () => {
    const server = hangingServer();
    const error = await rejectionOf(client(server.fetch).getJob(JOB_ID, { signal: AbortSignal.abort() }), RequestAbortedError);
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(server.seen).toHaveLength(0);
  });
});
