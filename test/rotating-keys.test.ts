/** `virtualKey` as a function: asked per call past its cache time, asked again after a 401, never shown. */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthenticationError, InvalidRequestError, type LogFields } from '../src/index.js';
import { createEmulator, TEST_TEAM_ID, TEST_VIRTUAL_KEY } from '../src/testing/index.js';
import { clientOn, rejectionOf } from './helpers.js';

const NEW_KEY = 'sk-test-rotated-0123456789';

afterEach(() => {
  vi.useRealTimers();
});

describe('a rotating virtual key', () => {
  it('is asked for once per cache period, however many calls need it', async () => {
    vi.useFakeTimers();
    const emulator = createEmulator();
    const provider = vi.fn(async () => TEST_VIRTUAL_KEY);
    const client = clientOn(emulator, { virtualKey: provider, virtualKeyCacheMs: 60_000 });
    await Promise.all([client.getCreditBalance(), client.getCreditBalance(), client.getCreditBalance()]);
    await client.getCreditBalance();
    expect(provider).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_001);
    await client.getCreditBalance();
    expect(provider).toHaveBeenCalledTimes(2);
    // Open routes need no key.
    await client.health();
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it('after a 401 the SDK asks again and, with a new key, sends the request once more', async () => {
    const emulator = createEmulator();
    let current = TEST_VIRTUAL_KEY;
    const provider = vi.fn(() => current);
    const client = clientOn(emulator, { virtualKey: provider });
    await client.getCreditBalance();
    // The key rotates on the server: the cached one is refused.
    const team = emulator.team(TEST_TEAM_ID);
    if (team) team.virtualKey = NEW_KEY;
    current = NEW_KEY;
    await expect(client.getCreditBalance()).resolves.toMatchObject({ credits_remaining: 100 });
    expect(emulator.requests.slice(-2).map((request) => request.headers.authorization)).toEqual([`Bearer ${TEST_VIRTUAL_KEY}`, `Bearer ${NEW_KEY}`]);
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it('a 401 with the same key from the function is an AuthenticationError after one request', async () => {
    const emulator = createEmulator();
    const client = clientOn(emulator, { virtualKey: async () => 'sk-test-unknown-0123456789' });
    const error = await rejectionOf(client.getCreditBalance(), AuthenticationError);
    expect(error.attempts).toBe(1);
    expect(emulator.requests).toHaveLength(1);
  });

  it('a function that fails or returns no usable key is an InvalidRequestError, nothing sent, key never shown', async () => {
    const emulator = createEmulator();
    const failing = clientOn(emulator, { virtualKey: async () => Promise.reject(new Error(`vault timeout for ${NEW_KEY}`)) });
    const failed = await rejectionOf(failing.getCreditBalance(), InvalidRequestError);
    expect(failed.message).toContain('the `virtualKey` function failed (vault timeout for');
    const spaced = await rejectionOf(clientOn(emulator, { virtualKey: () => 'sk bad key' }).getCreditBalance(), InvalidRequestError);
    expect(spaced.message).toContain('contains characters an Authorization header cannot carry');
    expect(spaced.message).not.toContain('sk bad key');
    await rejectionOf(clientOn(emulator, { virtualKey: () => 42 as never }).getCreditBalance(), InvalidRequestError);
    expect(emulator.requests).toHaveLength(0);
  });

  it('every key it returned stays redacted: in errors, logs, JSON.stringify and util.inspect', async () => {
    const emulator = createEmulator();
    let current = TEST_VIRTUAL_KEY;
    const logged: string[] = [];
    const logger = { debug() {}, info() {}, warn: (message: string, fields: LogFields) => logged.push(message + JSON.stringify(fields)), error: (message: string, fields: LogFields) => logged.push(message + JSON.stringify(fields)) };
    const client = clientOn(emulator, { virtualKey: () => current, virtualKeyCacheMs: 0, logger });
    await client.getCreditBalance();
    current = NEW_KEY;
    // A server (or proxy) echoing the old key after the rotation.
    emulator.use(async () => new Response(JSON.stringify({ detail: `key ${TEST_VIRTUAL_KEY} revoked` }), { status: 400, headers: { 'content-type': 'application/json' } }));
    const error = await rejectionOf(client.getCreditBalance());
    expect(emulator.requests.at(-1)?.headers.authorization).toBe(`Bearer ${NEW_KEY}`);
    for (const text of [error.message, JSON.stringify(error), inspect(error), inspect(client), JSON.stringify(client), logged.join('\n')]) {
      expect(text).not.toContain(TEST_VIRTUAL_KEY);
      expect(text).not.toContain(NEW_KEY);
    }
  });
});
