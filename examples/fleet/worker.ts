/**
 * One process of a fleet: a SaaSLLMClient whose breaker, retry budget and completions live in Redis.
 * Started by run.ts (and by the package tests) with `fork`; it answers commands over IPC:
 * `{ id, op: 'balance' | 'createJob' | 'complete' | 'state' | 'burst', jobId?, status?, count?, deadlineMs? }`
 * → `{ id, ok, value | error }` ('burst': `count` balance calls at once, answered with how each ended).
 *
 * Environment: SAAS_LITELLM_API_URL / _TEAM_ID / _VIRTUAL_KEY, REDIS_URL, FLEET_PREFIX; for the tests FLEET_RESET_MS,
 * FLEET_MAX_RETRIES, FLEET_BUDGET, FLEET_BREAKER=off and FLEET_RATE / FLEET_BURST (a shared rate limit).
 */
import { createClient } from 'redis';
import { SaaSLLMClient, isSaaSLLMError } from 'saas-litellm';
import { createRedisSharedState } from 'saas-litellm/redis';

const redis = createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', disableOfflineQueue: true, socket: { reconnectStrategy: () => 100 } });
// An outage is the SDK's to handle (it decides alone meanwhile); node-redis reports it here too.
redis.on('error', () => {});
await redis.connect();

const client = new SaaSLLMClient({
  retry: { maxRetries: Number(process.env.FLEET_MAX_RETRIES ?? 0), baseDelayMs: 1, maxDelayMs: 5 },
  retryBudget: { capacity: Number(process.env.FLEET_BUDGET ?? 500), retryCost: 5 },
  circuitBreaker: process.env.FLEET_BREAKER === 'off' ? false : { failureThreshold: 3, resetTimeoutMs: Number(process.env.FLEET_RESET_MS ?? 60_000) },
  sharedState: createRedisSharedState({ client: redis, keyPrefix: process.env.FLEET_PREFIX ?? 'fleet-example' }),
  sharedStateOptions: { timeoutMs: 1_000, recheckMs: 200 },
  ...(process.env.FLEET_RATE ? { rateLimit: { requestsPerSecond: Number(process.env.FLEET_RATE), burst: Number(process.env.FLEET_BURST ?? 1) } } : {}),
  logger: { debug() {}, info: (message) => reply({ log: message }), warn: (message) => reply({ log: message }), error() {} },
});

type Command = { id: number; op: 'balance' | 'createJob' | 'complete' | 'state' | 'burst' | 'stop'; jobId?: string; status?: 'completed' | 'failed'; count?: number; deadlineMs?: number };

/** `count` calls at once: how many ended each way, and the longest each way took (ms). */
async function burst(count: number, deadlineMs: number): Promise<Record<string, { calls: number; longestMs: number }>> {
  const ended: Record<string, { calls: number; longestMs: number }> = {};
  await Promise.all(
    Array.from({ length: count }, async () => {
      const startedAt = performance.now();
      const outcome = await client.getCreditBalance({ deadlineMs }).then(
        () => 'ok',
        (error: unknown) => (isSaaSLLMError(error) ? error.name : 'Error'),
      );
      const entry = (ended[outcome] ??= { calls: 0, longestMs: 0 });
      entry.calls += 1;
      entry.longestMs = Math.max(entry.longestMs, Math.round(performance.now() - startedAt));
    }),
  );
  return ended;
}

async function perform(command: Command): Promise<unknown> {
  switch (command.op) {
    case 'balance':
      return (await client.getCreditBalance()).credits_remaining;
    case 'createJob':
      return (await client.createJob('fleet')).job_id;
    case 'complete':
      return (await client.completeJob(command.jobId as string, command.status ?? 'completed')).status;
    case 'state':
      return client.circuitState;
    case 'burst':
      return burst(command.count ?? 1, command.deadlineMs ?? 3_000);
    case 'stop':
      return 'stopping';
  }
}

/** Release everything, so that the process exits by itself. */
function stop(): void {
  client.close();
  redis.destroy();
  process.disconnect?.();
}

/** Answer over IPC, unless the parent already went away. */
function reply(message: object, then?: () => void): void {
  if (!process.connected) return;
  if (then) process.send?.(message, () => then());
  else process.send?.(message);
}

process.on('message', (command: Command) => {
  perform(command).then(
    (value) => reply({ id: command.id, ok: true, value }, () => command.op === 'stop' && stop()),
    (error: unknown) => reply({ id: command.id, ok: false, error: isSaaSLLMError(error) ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) } }),
  );
});
process.send?.({ ready: true });
