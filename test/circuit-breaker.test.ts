import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CircuitOpenError, RequestAbortedError, ResponseValidationError, SaaSLLMClient, ServiceUnavailableError, type CircuitState, type ClientOptions } from '../src/index.js';
import { createEmulator, serverErrors, slow, type Fault } from '../src/testing/index.js';
import { clientOn, rejectionOf } from './helpers.js';

const clients: SaaSLLMClient[] = [];

function guarded(faults: Fault[], options: ClientOptions = {}) {
  const emulator = createEmulator({ faults });
  const transitions: CircuitState[] = [];
  const client = clientOn(emulator, { circuitBreaker: {}, hooks: { onCircuitStateChange: ({ state }) => void transitions.push(state) }, ...options });
  clients.push(client);
  return { emulator, client, transitions };
}

async function failTimes(client: SaaSLLMClient, times: number) {
  for (let call = 0; call < times; call += 1) await rejectionOf(client.getCreditBalance());
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  vi.useRealTimers();
});

describe('circuit breaker', () => {
  it('opens after 5 consecutive failures, then fails fast without sending', async () => {
    const { client, emulator, transitions } = guarded([serverErrors({ status: 503 })]);
    await failTimes(client, 4);
    expect(client.circuitState).toBe('closed');
    await failTimes(client, 1);
    expect(client.circuitState).toBe('open');
    expect(transitions).toEqual(['open']);
    const error = await rejectionOf(client.getCreditBalance(), CircuitOpenError);
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toMatchObject({ code: 'circuit_open', retryAfterMs: 60_000, sendState: 'not-sent' });
    expect(emulator.requests).toHaveLength(5);
  });

  it('half-open admits exactly one probe among 20 concurrent calls; its success closes the breaker', async () => {
    const { client, emulator, transitions } = guarded([serverErrors({ times: 5, status: 503 })]);
    await failTimes(client, 5);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(client.circuitState).toBe('halfOpen');
    emulator.use(slow(100));
    const calls = Array.from({ length: 20 }, () => client.getCreditBalance().then(() => 'ok', (error: Error) => error));
    await vi.advanceTimersByTimeAsync(100);
    const outcomes = await Promise.all(calls);
    expect(outcomes.filter((outcome) => outcome === 'ok')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome instanceof CircuitOpenError)).toHaveLength(19);
    expect(emulator.requests).toHaveLength(6);
    expect(client.circuitState).toBe('closed');
    expect(transitions).toEqual(['open', 'halfOpen', 'closed']);
  });

  it('a failed probe reopens the breaker', async () => {
    const { client, emulator } = guarded([serverErrors({ status: 503 })]);
    await failTimes(client, 5);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await rejectionOf(client.getCreditBalance())).toBeInstanceOf(ServiceUnavailableError);
    expect(client.circuitState).toBe('open');
    expect(await rejectionOf(client.getCreditBalance())).toBeInstanceOf(CircuitOpenError);
    expect(emulator.requests).toHaveLength(6);
  });

  it('ignores a storm of 4xx responses', async () => {
    const { client, emulator } = guarded([serverErrors({ status: 404, body: { detail: 'Job not found' } }), serverErrors({ status: 429 })]);
    await failTimes(client, 30);
    expect(client.circuitState).toBe('closed');
    expect(emulator.requests).toHaveLength(30);
  });

  it('ignores 2xx answers that fail response validation', async () => {
    const { client, emulator } = guarded([serverErrors({ status: 200, body: { wrong: true } })]);
    for (let call = 0; call < 10; call += 1) await rejectionOf(client.getCreditBalance(), ResponseValidationError);
    expect(client.circuitState).toBe('closed');
    expect(emulator.requests).toHaveLength(10);
  });

  it('ignores calls the caller aborted while the server was slow', async () => {
    const { client, emulator } = guarded([slow(5_000)]);
    for (let call = 0; call < 10; call += 1) {
      const controller = new AbortController();
      const pending = rejectionOf(client.getCreditBalance({ signal: controller.signal }), RequestAbortedError);
      await vi.advanceTimersByTimeAsync(100);
      controller.abort();
      await pending;
    }
    expect(client.circuitState).toBe('closed');
    expect(emulator.requests).toHaveLength(10);
  });

  it('also opens on the rolling error rate with enough volume', async () => {
    const pattern: Fault = (() => {
      let count = 0;
      return async (request, next) => {
        count += 1;
        return count % 4 === 0 ? next(request) : new Response('busy', { status: 503 });
      };
    })();
    const { client } = guarded([pattern], { circuitBreaker: { failureThreshold: 100, volumeThreshold: 20 } });
    for (let call = 0; call < 24 && client.circuitState === 'closed'; call += 1) await client.getCreditBalance().catch(() => undefined);
    expect(client.circuitState).toBe('open');
  });

  it('stops a retry loop as soon as it opens, reporting the server error', async () => {
    const { client, emulator } = guarded([serverErrors({ status: 503 })], { retry: { maxRetries: 10 }, random: () => 0.5 });
    const pending = rejectionOf(client.getCreditBalance());
    await vi.advanceTimersByTimeAsync(60_000);
    const error = await pending;
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.attempts).toBe(5);
    expect(emulator.requests).toHaveLength(5);
  });

  it('circuitBreaker: false never opens', async () => {
    const { client, emulator } = guarded([serverErrors({ status: 503 })], { circuitBreaker: false });
    await failTimes(client, 12);
    expect(client.circuitState).toBe('closed');
    expect(emulator.requests).toHaveLength(12);
  });
});
