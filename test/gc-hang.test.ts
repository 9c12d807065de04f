/**
 * A call whose response headers arrived and whose body then stalls (or trickles) must still end at its
 * timeout, deadline or the caller's abort when a garbage collection runs meanwhile (nodejs/node#55428:
 * Node's fetch follows a Request's signal through a weak reference). Real sockets, `--expose-gc`.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RequestAbortedError, SaaSLLMClient, TimeoutError } from '../src/index.js';
import { createEmulator, loseAnswer, TEST_BASE_URL, TEST_TEAM_ID, TEST_VIRTUAL_KEY } from '../src/testing/index.js';
import { hello, rejectionOf } from './helpers.js';

const JOB_ID = '00000000-0000-4000-8000-000000000000';
const gc = (globalThis as { gc?: () => void }).gc;

interface StallingServer {
  url: string;
  /** Resolves once the server has sent the headers and the first bytes of a body. */
  headersSent: Promise<void>;
  /** Resolves once every connection the server accepted is closed. */
  allClosed(): Promise<void>;
  server: Server;
}

let current: StallingServer | undefined;
afterEach(async () => {
  current?.server.closeAllConnections();
  await new Promise<void>((resolve) => (current ? current.server.close(() => resolve()) : resolve()));
  current = undefined;
});

/** 200 with 20 bytes of JSON, then nothing (`stall`) or one more byte every 500 ms (`trickle`). */
async function stallingServer(mode: 'stall' | 'trickle'): Promise<StallingServer> {
  const sockets = new Set<Socket>();
  let markSent: () => void = () => {};
  const headersSent = new Promise<void>((resolve) => (markSent = resolve));
  const trickles: Array<ReturnType<typeof setInterval>> = [];
  const server = createServer((request, response: ServerResponse) => {
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"call_id": "0000000', () => markSent());
    if (mode === 'trickle') trickles.push(setInterval(() => response.write('0'), 500));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('close', () => trickles.forEach(clearInterval));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const allClosed = async () => {
    trickles.forEach(clearInterval);
    await Promise.all([...sockets].map((socket) => new Promise((resolve) => (socket.destroyed ? resolve(undefined) : socket.once('close', resolve)))));
  };
  current = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, headersSent, allClosed, server };
  return current;
}

/** Collect garbage until the objects of the pending call that nothing holds are gone. */
async function collectGarbage(): Promise<void> {
  for (let pass = 0; pass < 10; pass += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    gc?.();
  }
}

/** The promise settles, or the test fails saying it hung (a bound, not a speed check). */
function settlesWithin<T>(promise: Promise<T>, ms: number): Promise<T> {
  let guard: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_, reject) => {
    guard = setTimeout(() => reject(new Error(`still pending after ${ms} ms: the call hung`)), ms);
  });
  return Promise.race([promise, hung]).finally(() => clearTimeout(guard));
}

function client(url: string) {
  return new SaaSLLMClient({ baseUrl: url, teamId: 't', virtualKey: 'sk-gc-hang-key', retry: false, circuitBreaker: false });
}

describe('a stalled body and a garbage collection', () => {
  it('runs with gc() exposed (vitest.config.ts passes --expose-gc)', () => {
    expect(gc).toBeTypeOf('function');
  });

  it('a body that stalls after the headers ends with TimeoutError at its timeout, socket closed', async () => {
    const server = await stallingServer('stall');
    const pending = rejectionOf(client(server.url).chat(JOB_ID, { model: 'm', messages: hello }, { timeoutMs: 600 }), TimeoutError);
    await server.headersSent;
    await collectGarbage();
    const error = await settlesWithin(pending, 5_000);
    expect(error).toMatchObject({ phase: 'request', timeoutMs: 600, operation: 'chat' });
    await settlesWithin(server.allClosed(), 5_000);
  });

  it('a body that trickles a byte every 500 ms ends with TimeoutError at its timeout, socket closed', async () => {
    const server = await stallingServer('trickle');
    const pending = rejectionOf(client(server.url).getJob(JOB_ID, { timeoutMs: 1_200 }), TimeoutError);
    await server.headersSent;
    await collectGarbage();
    const error = await settlesWithin(pending, 6_000);
    expect(error).toMatchObject({ phase: 'request', timeoutMs: 1_200 });
    await settlesWithin(server.allClosed(), 5_000);
  });

  it("the caller's signal still aborts a stalled body after a GC", async () => {
    const server = await stallingServer('stall');
    const controller = new AbortController();
    const pending = rejectionOf(client(server.url).getJob(JOB_ID, { signal: controller.signal, timeoutMs: 60_000 }), RequestAbortedError);
    await server.headersSent;
    await collectGarbage();
    controller.abort();
    await settlesWithin(pending, 5_000);
    await settlesWithin(server.allClosed(), 5_000);
  });

  it('the deadline still ends a stalled body after a GC', async () => {
    const server = await stallingServer('stall');
    const pending = rejectionOf(client(server.url).getJob(JOB_ID, { deadlineMs: 600, timeoutMs: 60_000 }), TimeoutError);
    await server.headersSent;
    await collectGarbage();
    const error = await settlesWithin(pending, 5_000);
    expect(error.phase).toBe('deadline');
    await settlesWithin(server.allClosed(), 5_000);
  });
});

describe('a fetch that follows the signal weakly, and a garbage collection', () => {
  /** Resolves once `condition` holds, checked on each turn of the event loop (no clock). */
  async function until(condition: () => boolean): Promise<void> {
    while (!condition()) await new Promise((resolve) => setImmediate(resolve));
  }

  it('a fetch of your own that passes the signal on in a new Request: the timeout still ends the call', async () => {
    let sent = false;
    // Answers only when its Request's signal aborts; that signal follows the SDK's through a weak reference.
    const fetch = (input: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((_, reject) => {
        const request = new Request(input, init);
        request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
        sent = true;
      });
    const sdk = new SaaSLLMClient({ baseUrl: TEST_BASE_URL, teamId: 't', virtualKey: 'sk-gc-hang-key', retry: false, circuitBreaker: false, fetch });
    const pending = rejectionOf(sdk.getJob(JOB_ID, { timeoutMs: 600 }), TimeoutError);
    await until(() => sent);
    await collectGarbage();
    expect(await settlesWithin(pending, 5_000)).toMatchObject({ phase: 'request', timeoutMs: 600 });
  });

  it("the emulator's lost answer ends at the caller's abort, and createJob adopts the job it stored", async () => {
    const emulator = createEmulator({ faults: [loseAnswer({ as: 'timeout', path: '/api/jobs/create', times: 2 })] });
    // Called directly: the emulator must not lose the caller's signal either.
    const controller = new AbortController();
    const direct = emulator.fetch(`${TEST_BASE_URL}/api/jobs/create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_VIRTUAL_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ team_id: TEST_TEAM_ID, job_type: 'direct' }),
      signal: controller.signal,
    });
    const directFailure = direct.then(
      () => 'answered',
      (error: unknown) => (error as Error).name,
    );
    await until(() => emulator.jobs().length === 1);
    await collectGarbage();
    controller.abort();
    expect(await settlesWithin(directFailure, 5_000)).toBe('AbortError');

    const sdk = new SaaSLLMClient({ baseUrl: TEST_BASE_URL, teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY, retry: { maxRetries: 1, baseDelayMs: 0 }, circuitBreaker: false, fetch: emulator.fetch, timeouts: { create: 600 } });
    const created = sdk.createJob('through the SDK');
    await until(() => emulator.jobs().length === 2);
    await collectGarbage();
    const job = await settlesWithin(created, 5_000);
    expect(emulator.jobs().map((stored) => stored.job_id)).toContain(job.job_id);
    expect(emulator.jobs()).toHaveLength(2);
  });
});
