/**
 * A fleet of separate Node processes (examples/fleet/worker.ts, on the built package) sharing one real
 * Redis, against the emulator on a port.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type Worker } from '../../examples/fleet/fleet.ts';
import { createEmulator, serverErrors, TEST_TEAM_ID, TEST_VIRTUAL_KEY, type Emulator, type Fault } from '../../src/testing/index.js';
import { startEmulatorServer, type EmulatorServer } from '../../src/testing/server.js';
import { REDIS_AVAILABLE, startRedis, type TestRedis } from '../fleet/redis-server.js';

const run = REDIS_AVAILABLE || process.env.CI === 'true';
let redis: TestRedis;
let emulator: Emulator;
let api: EmulatorServer;
let workers: Worker[] = [];
let fleetNumber = 0;

beforeAll(async () => {
  if (!run) return;
  redis = await startRedis();
  emulator = createEmulator();
  api = await startEmulatorServer(emulator);
});
afterAll(async () => {
  await api?.close();
  await redis?.stop();
});
afterEach(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  workers = [];
  emulator?.reset();
});

async function fleet(n: number, env: Record<string, string> = {}): Promise<Worker[]> {
  const shared = { REDIS_URL: redis.url, SAAS_LITELLM_API_URL: api.url, SAAS_LITELLM_TEAM_ID: TEST_TEAM_ID, SAAS_LITELLM_VIRTUAL_KEY: TEST_VIRTUAL_KEY, FLEET_PREFIX: `fleet-${++fleetNumber}`, ...env };
  workers = await Promise.all(Array.from({ length: n }, () => startWorker(shared)));
  return workers;
}

describe.skipIf(!run)('a fleet of processes sharing Redis', () => {
  it('a 503 storm seen by one process opens the breaker of all: the others send zero requests', async () => {
    const [first, ...others] = await fleet(3);
    emulator.use(serverErrors({ status: 503 }));
    for (let call = 0; call < 3; call += 1) expect((await first!.ask('balance')).error?.name).toBe('ServiceUnavailableError');
    const seen = emulator.requests.length;
    for (const other of others) {
      const answer = await other.ask('balance');
      expect(answer.error?.name).toBe('CircuitOpenError');
      expect((await other.ask('state')).value).toBe('open');
    }
    expect(emulator.requests.length).toBe(seen);
  });

  it('exactly one half-open probe among the processes', async () => {
    const members = await fleet(3, { FLEET_RESET_MS: '300' });
    emulator.use(serverErrors({ status: 503, times: 3 }));
    for (let call = 0; call < 3; call += 1) await members[0]!.ask('balance');
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    const gate: Fault = async (request, next) => {
      held += 1;
      await released;
      return next(request);
    };
    emulator.use(gate);
    // Every process asks again and again until the open period is over; the first past it probes.
    const answers: Array<Promise<unknown>> = [];
    await expect
      .poll(() => {
        for (const member of members) answers.push(member.ask('balance'));
        return held;
      }, { timeout: 5_000, interval: 50 })
      .toBeGreaterThan(0);
    // Many more asks while the probe is out: still one request at the server.
    for (let round = 0; round < 5; round += 1) for (const member of members) answers.push(member.ask('balance'));
    await Promise.all(answers.slice(-members.length * 5));
    expect(held).toBe(1);
    release();
    await Promise.all(answers);
    for (const member of members) expect((await member.ask('balance')).value).toBe(100);
  });

  it('one retry budget for the fleet: once spent, no process retries', async () => {
    const members = await fleet(3, { FLEET_MAX_RETRIES: '3', FLEET_BUDGET: '10', FLEET_BREAKER: 'off' });
    emulator.use(serverErrors({ status: 503 }));
    for (const member of members) expect((await member.ask('balance')).error?.name).toBe('ServiceUnavailableError');
    // Three first attempts, and the two retries the fleet's 10 tokens pay for (each process alone would retry 3 times).
    expect(emulator.requests).toHaveLength(5);
  });

  it('a shared rate limit under contention: every call sent within its deadline or refused at once with RateLimitError, never a TimeoutError', async () => {
    const members = await fleet(3, { FLEET_RATE: '20', FLEET_BURST: '5', FLEET_BREAKER: 'off' });
    const deadlineMs = 3_000;
    const bursts = (await Promise.all(members.map((member) => member.ask('burst', { count: 50, deadlineMs })))).map((answer) => answer.value as Record<string, { calls: number; longestMs: number }>);
    if (process.env.FLEET_DEBUG) console.log(JSON.stringify(bursts), emulator.requests.length);
    const total = (name: string) => bursts.reduce((sum, ended) => sum + (ended[name]?.calls ?? 0), 0);
    expect(total('ok') + total('RateLimitError')).toBe(150);
    expect(total('TimeoutError')).toBe(0);
    // The limit holds for the fleet: the burst, then 20/s for at most the deadline.
    expect(emulator.requests.length).toBe(total('ok'));
    expect(total('ok')).toBeGreaterThanOrEqual(5);
    expect(total('ok')).toBeLessThanOrEqual(5 + 20 * (deadlineMs / 1000));
    // A refusal comes when the SDK knows no token can come in time, not after sleeping to the deadline.
    expect(Math.max(...bursts.map((ended) => ended.RateLimitError?.longestMs ?? 0))).toBeLessThan(deadlineMs / 2);
  });

  it('a job completed in one process is refused in another, nothing sent', async () => {
    const [first, second] = await fleet(2);
    const job = (await first!.ask('createJob')).value as string;
    expect((await first!.ask('complete', { jobId: job })).value).toBe('COMPLETED');
    const again = await second!.ask('complete', { jobId: job, status: 'failed' });
    expect(again.error?.name).toBe('InvalidRequestError');
    expect(again.error?.message).toContain('by another process of the fleet');
    expect(emulator.requestsTo(`/api/jobs/${job}/complete`)).toHaveLength(1);
  });

  it('Redis killed mid-run: calls go on, nothing hangs, each process logs it once; shared again when it is back', async () => {
    const [first, second] = await fleet(2);
    expect((await first!.ask('balance')).value).toBe(100);
    await redis.kill();
    for (let call = 0; call < 4; call += 1) {
      expect((await first!.ask('balance')).value).toBe(100);
      expect((await second!.ask('balance')).value).toBe(100);
    }
    for (const worker of [first!, second!]) expect(worker.logs.filter((line) => line.startsWith('shared state unavailable'))).toHaveLength(1);
    await redis.restart();
    const job = (await first!.ask('createJob')).value as string;
    await expect.poll(async () => {
      await first!.ask('balance');
      await second!.ask('balance');
      return [first!, second!].every((worker) => worker.logs.some((line) => line.startsWith('shared state is back')));
    }, { timeout: 10_000, interval: 250 }).toBe(true);
    expect((await first!.ask('complete', { jobId: job })).value).toBe('COMPLETED');
    expect((await second!.ask('complete', { jobId: job, status: 'failed' })).error?.message).toContain('by another process of the fleet');
  });
});
