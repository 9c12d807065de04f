/** Test wiring: a fresh emulator behind msw for each test, and a client pointed at it. */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';
import { SaaSLLMClient, SaaSLLMError, type ClientOptions } from '../src/index.js';
import { createHandlers } from '../src/testing/msw.js';
import { createEmulator, TEST_BASE_URL, TEST_TEAM_ID, TEST_VIRTUAL_KEY, type Emulator, type EmulatorOptions } from '../src/testing/index.js';

export const server = setupServer();

/** Install the msw server for the calling test file. */
export function useMswServer(): void {
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
}

/** A new emulator mounted on msw, and a client with retries and the breaker off unless asked for. */
export function setup(options: { emulator?: EmulatorOptions; client?: ClientOptions } = {}) {
  const emulator = createEmulator(options.emulator);
  server.use(...createHandlers({ emulator }));
  const client = new SaaSLLMClient({
    baseUrl: TEST_BASE_URL,
    teamId: TEST_TEAM_ID,
    virtualKey: TEST_VIRTUAL_KEY,
    retry: false,
    circuitBreaker: false,
    ...options.client,
  });
  return { emulator, client };
}

/**
 * For a test file whose clients hold breakers: `clientOn`, each client closed after its test (and real
 * timers restored, for tests that faked them).
 */
export function closingClients(): (emulator: Emulator, options: ClientOptions) => SaaSLLMClient {
  const clients: SaaSLLMClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
    vi.useRealTimers();
  });
  return (emulator, options) => {
    const made = clientOn(emulator, options);
    clients.push(made);
    return made;
  };
}

/** A client calling `emulator.fetch` directly (no msw), with retries and the breaker off unless asked for. */
export function clientOn(emulator: Emulator, options: ClientOptions = {}): SaaSLLMClient {
  return new SaaSLLMClient({
    baseUrl: TEST_BASE_URL,
    teamId: TEST_TEAM_ID,
    virtualKey: TEST_VIRTUAL_KEY,
    fetch: emulator.fetch,
    retry: false,
    circuitBreaker: false,
    ...options,
  });
}

export const hello = [{ role: 'user', content: 'Say hello to the SDK' }];

/**
 * Await a promise expected to reject with an error of class `type` (by default any SDK error), and return
 * it typed as that class, so that assertions on its fields are type-checked.
 */
export async function rejectionOf<E extends Error = SaaSLLMError>(promise: Promise<unknown>, type?: abstract new (...args: never[]) => E): Promise<E> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(type ?? SaaSLLMError);
    return error as E;
  }
  throw new Error('expected the promise to reject');
}

/** Whether the SDK's requests through the runtime's own fetch refuse redirects here: undici 7.23 or later (src/transport/ky.ts). */
export const REFUSES_REDIRECTS = ((version) => {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 7 || (major === 7 && minor >= 23);
})(process.versions.undici ?? '0');
