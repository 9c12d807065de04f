/**
 * Several clients sharing one real Redis (each with its own Redis connection and its own local state, as
 * separate processes have) against one emulated API. test/package/fleet.test.ts runs the same against
 * separate Node processes.
 */
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CircuitOpenError, InvalidRequestError, RateLimitError, SaaSLLMClient, ServiceUnavailableError, type ClientOptions, type LogFields } from '../../src/index.js';
import { createRedisSharedState, type RedisScriptClient } from '../../src/redis/index.js';
import { createEmulator, serverErrors, TEST_BASE_URL, TEST_TEAM_ID, TEST_VIRTUAL_KEY, type Emulator, type Fault } from '../../src/testing/index.js';
import { rejectionOf } from '../helpers.js';
import { REDIS_AVAILABLE, startRedis, type TestRedis } from './redis-server.js';

const run = REDIS_AVAILABLE || process.env.CI === 'true';
let redis: TestRedis;
const connections: Array<{ destroy(): void }> = [];
const clients: SaaSLLMClient[] = [];
let prefix = 0;

beforeAll(async () => {
  if (run) redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  for (const connection of connections.splice(0)) connection.destroy();
});

/** `n` clients ("processes") sharing one key prefix of the test's Redis, calling `emulator`. */
async function fleet(n: number, emulator: Emulator, options: ClientOptions = {}, wrap: (client: RedisScriptClient) => RedisScriptClient = (client) => client): Promise<SaaSLLMClient[]> {
  const keyPrefix = `test-${++prefix}`;
  const members: SaaSLLMClient[] = [];
  for (let index = 0; index < n; index += 1) {
    const connection = await createClient({ url: redis.url, disableOfflineQueue: true, socket: { reconnectStrategy: () => 50 } }).on('error', () => {}).connect();
    connections.push(connection);
    const client = new SaaSLLMClient({
      baseUrl: TEST_BASE_URL,
      teamId: TEST_TEAM_ID,
      virtualKey: TEST_VIRTUAL_KEY,
      fetch: emulator.fetch,
      retry: false,
      sharedState: createRedisSharedState({ client: wrap(connection as unknown as RedisScriptClient), keyPrefix }),
      ...options,
    });
    clients.push(client);
    members.push(client);
  }
  return members;
}

/** A fault that holds matching requests until `release()`; `arrived` resolves when the first is held. */
function gate(path: RegExp): { fault: Fault; release: () => void; held: () => number; arrived: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  let held = 0;
  return {
    fault: async (request, next) => {
      if (path.test(new URL(request.url).pathname)) {
        held += 1;
        arrive();
        await opened;
      }
      return next(request);
    },
    release: () => open(),
    held: () => held,
    arrived,
  };
}

describe.skipIf(!run)('a fleet sharing Redis', () => {
  it('a 503 storm seen by one opens the breaker of all: the others send nothing', async () => {
    const emulator = createEmulator({ faults: [serverErrors({ status: 503 })] });
    const [first, second, third] = await fleet(3, emulator, { circuitBreaker: { failureThreshold: 3, resetTimeoutMs: 60_000 } });
    for (let call = 0; call < 3; call += 1) await rejectionOf(first!.getCreditBalance(), ServiceUnavailableError);
    expect(emulator.requests).toHaveLength(3);
    for (const other of [second!, third!]) {
      const refused = await rejectionOf(other.getCreditBalance(), CircuitOpenError);
      expect(refused.message).toContain("the fleet's circuit breaker is open");
      expect(refused.retryAfterMs).toBeGreaterThan(50_000);
      expect(other.circuitState).toBe('open');
    }
    expect(emulator.requests).toHaveLength(3);
    // A job's completion is never refused, fleet breaker or not.
    emulator.clearFaults();
    const job = await emulator.fetch(new Request(`${TEST_BASE_URL}/api/jobs/create`, { method: 'POST', headers: { authorization: `Bearer ${TEST_VIRTUAL_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ team_id: TEST_TEAM_ID, job_type: 'x' }) })).then((response) => response.json() as Promise<{ job_id: string }>);
    await expect(third!.completeJob(job.job_id, 'failed')).resolves.toMatchObject({ status: 'FAILED' });
  });

  it('exactly one half-open probe for the fleet; its success closes the breaker everywhere', async () => {
    const emulator = createEmulator({ faults: [serverErrors({ status: 503, times: 2 })] });
    const members = await fleet(4, emulator, { circuitBreaker: { failureThreshold: 2, resetTimeoutMs: 200 } });
    await rejectionOf(members[0]!.getCreditBalance(), ServiceUnavailableError);
    await rejectionOf(members[1]!.getCreditBalance(), ServiceUnavailableError);
    const held = gate(/\/balance$/);
    emulator.use(held.fault);
    // Wait out the open period (refusals send nothing), until one call becomes the probe and is held.
    let probe: Promise<unknown> | undefined;
    await expect
      .poll(async () => {
        const attempt = members[0]!.getCreditBalance();
        // Either the breaker refuses it (no request), or the gate holds it: whichever happens, no clock.
        const outcome = await Promise.race([attempt.then(() => 'answered', (error: unknown) => (error instanceof CircuitOpenError ? 'refused' : 'failed')), held.arrived.then(() => 'held')]);
        if (outcome === 'held') probe = attempt;
        return held.held();
      }, { timeout: 5_000, interval: 50 })
      .toBe(1);
    // While it is out, every other process is refused: one probe for the fleet.
    for (const other of members.slice(1)) {
      const refused = await rejectionOf(other.getCreditBalance(), CircuitOpenError);
      expect(refused.message).toContain('another process is probing');
    }
    expect(held.held()).toBe(1);
    held.release();
    await probe;
    for (const member of members) await expect(member.getCreditBalance()).resolves.toMatchObject({ credits_remaining: 100 });
    expect(members.map((member) => member.circuitState)).toEqual(['closed', 'closed', 'closed', 'closed']);
  });

  it('a successful call costs one Redis operation: the budget refills are batched', async () => {
    let operations = 0;
    const counting = (inner: RedisScriptClient): RedisScriptClient => ({
      evalSha: (sha, call) => (operations++, inner.evalSha(sha, call)),
      eval: (script, call) => (operations++, inner.eval(script, call)),
      del: (key) => (operations++, inner.del(key)),
    });
    const [client] = await fleet(1, createEmulator(), {}, counting);
    await client!.getCreditBalance();
    const before = operations;
    const startedAt = performance.now();
    for (let call = 0; call < 20; call += 1) await client!.getCreditBalance();
    const elapsedMs = performance.now() - startedAt;
    // 20 admissions, and a refill at most every 250 ms however long the calls took (not one per success).
    expect(operations - before).toBeGreaterThanOrEqual(20);
    expect(operations - before).toBeLessThanOrEqual(20 + 1 + Math.floor(elapsedMs / 250));
  });

  it('every key it writes has a TTL: nothing grows without bound', async () => {
    const emulator = createEmulator({ faults: [serverErrors({ status: 503, times: 1 })] });
    const [client] = await fleet(1, emulator, { retry: { maxRetries: 1, baseDelayMs: 1 }, rateLimit: { requestsPerSecond: 100 } });
    await client!.getCreditBalance();
    const job = await client!.createJob('ttl');
    await client!.completeJob(job.job_id, 'completed');
    const inspector = await createClient({ url: redis.url }).connect();
    try {
      const keys = await inspector.keys(`test-${prefix}:*`);
      expect(keys.map((key) => key.split(':').slice(1, 2)[0]).sort()).toEqual(['breaker', 'bucket', 'bucket', 'completed']);
      for (const key of keys) expect(await inspector.pTTL(key)).toBeGreaterThan(0);
    } finally {
      inspector.destroy();
    }
  });

  it('a job completed by one process is refused by every other, nothing sent', async () => {
    const emulator = createEmulator();
    const [first, second] = await fleet(2, emulator);
    const job = await first!.createJob('fleet');
    await first!.completeJob(job.job_id, 'completed');
    const refused = await rejectionOf(second!.completeJob(job.job_id, 'failed'), InvalidRequestError);
    expect(refused.message).toContain("already completed as 'completed' by another process of the fleet");
    expect(emulator.requestsTo(`/api/jobs/${job.job_id}/complete`)).toHaveLength(1);
    // The SDK's own completions skip it too: a failed stream of that job in another process sends no /complete.
    await expect(second!.chatStream(job.job_id, { model: 'sdk-chat', messages: [{ role: 'user', content: 'hi' }] }).then((stream) => stream.text())).rejects.toThrow();
    expect(emulator.requestsTo(`/api/jobs/${job.job_id}/complete`)).toHaveLength(1);
  });

  it('one retry budget for the fleet: once spent, no process retries', async () => {
    const emulator = createEmulator({ faults: [serverErrors({ status: 503 })] });
    const members = await fleet(3, emulator, { circuitBreaker: false, retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2 }, retryBudget: { capacity: 10, retryCost: 5 } });
    for (const member of members) await rejectionOf(member.getCreditBalance(), ServiceUnavailableError);
    // Three first attempts and the two retries the fleet's 10 tokens pay for.
    expect(emulator.requests).toHaveLength(5);
  });

  it('a rate limit shared by the fleet: over it, a call fails with RateLimitError and retryAfterMs, unsent', async () => {
    const emulator = createEmulator();
    const [first, second] = await fleet(2, emulator, { rateLimit: { requestsPerSecond: 0.5, burst: 2 } });
    await first!.getCreditBalance();
    await second!.getCreditBalance();
    const limited = await rejectionOf(second!.getCreditBalance({ deadlineMs: 200 }), RateLimitError);
    expect(limited.retryAfterMs).toBeGreaterThan(1_000);
    expect(limited.sendState).toBe('not-sent');
    expect(limited.message).toContain('shared by the fleet');
    expect(emulator.requests).toHaveLength(2);
  });

  it('a Redis that stops answering: one operation waits out timeoutMs, the next calls decide alone until it is rechecked', async () => {
    const emulator = createEmulator();
    const logs: string[] = [];
    const logger = { debug() {}, info: (message: string) => logs.push(message), warn: (message: string) => logs.push(message), error() {} };
    let operations = 0;
    const counting = (inner: RedisScriptClient): RedisScriptClient => ({
      evalSha: (sha, call) => (operations++, inner.evalSha(sha, call)),
      eval: (script, call) => (operations++, inner.eval(script, call)),
      del: (key) => (operations++, inner.del(key)),
    });
    // 1 s: an order of magnitude over a Redis round trip on a loaded machine, so only the pause trips it.
    const [client] = await fleet(1, emulator, { logger, sharedStateOptions: { timeoutMs: 1_000, recheckMs: 60_000 } }, counting);
    await client!.getCreditBalance();
    redis.pause();
    try {
      const before = operations;
      for (let call = 0; call < 5; call += 1) await expect(client!.getCreditBalance()).resolves.toMatchObject({ credits_remaining: 100 });
      // One operation waited out its 1,000 ms; the next calls did not ask a Redis that is resting.
      expect(operations - before).toBe(1);
      expect(logs.filter((line) => line.startsWith('shared state unavailable (no answer within 1000 ms)'))).toHaveLength(1);
    } finally {
      redis.resume();
    }
  });

  it('Redis killed mid-run: calls go on alone, nothing hangs, logged once; back in use when it returns', async () => {
    const emulator = createEmulator();
    const logs: string[] = [];
    const logger = { debug() {}, info: (message: string, _fields: LogFields) => logs.push(message), warn: (message: string) => logs.push(message), error() {} };
    const [first, second] = await fleet(2, emulator, { logger, sharedStateOptions: { timeoutMs: 1_000, recheckMs: 100 } });
    await first!.getCreditBalance();
    await redis.kill();
    const job = await first!.createJob('while-down');
    for (let call = 0; call < 5; call += 1) await expect(second!.getCreditBalance()).resolves.toMatchObject({ credits_remaining: 100 });
    await first!.completeJob(job.job_id, 'completed');
    expect(logs.filter((line) => line.startsWith('shared state unavailable'))).toHaveLength(2);
    await redis.restart();
    // Once it answers again, completions are the fleet's again.
    const later = await first!.createJob('after');
    await expect.poll(async () => {
      await first!.getCreditBalance();
      return logs.some((line) => line.startsWith('shared state is back'));
    }, { timeout: 5_000, interval: 100 }).toBe(true);
    await first!.completeJob(later.job_id, 'completed');
    await expect.poll(() => logs.filter((line) => line.startsWith('shared state is back')).length, { timeout: 5_000, interval: 100 }).toBeGreaterThan(0);
    await expect.poll(async () => (await second!.completeJob(later.job_id, 'failed').catch((error: unknown) => error)) instanceof InvalidRequestError, { timeout: 5_000, interval: 150 }).toBe(true);
    expect(emulator.requestsTo(`/api/jobs/${later.job_id}/complete`)).toHaveLength(1);
  });
});
