/**
 * `saas-litellm/redis` (Node): the fleet's shared state on Redis, through a node-redis client you create
 * and connect (`redis` 4 or 5). Pass it as the client option `sharedState`:
 *
 * @example
 * import { createClient } from 'redis';
 * import { SaaSLLMClient } from 'saas-litellm';
 * import { createRedisSharedState } from 'saas-litellm/redis';
 *
 * const redis = await createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true }).connect();
 * const client = new SaaSLLMClient({ sharedState: createRedisSharedState({ client: redis, keyPrefix: 'billing-api' }) });
 *
 * @module saas-litellm/redis
 */
import { createHash } from 'node:crypto';
import type { SharedAdmission, SharedBreakerSettings, SharedBucketSettings, SharedState } from '../options/shared-state.js';
import type { CircuitState } from '../observability/hooks.js';
import type { CompleteStatus } from '../schemas/common.js';
import { ADMIT, BUCKET, CLAIM, RECORD } from './scripts.js';

/** The part of a node-redis client (`createClient()` of `redis` 4 or 5) the shared state uses. */
export interface RedisScriptClient {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

export interface RedisSharedStateOptions {
  /** A connected node-redis client; `disableOfflineQueue: true` makes an outage fail fast instead of queueing. */
  client: RedisScriptClient;
  /** Prefix of every key, so that several services share one Redis. @default 'saas-litellm' */
  keyPrefix?: string;
  /** How long a completed job is remembered. @default 86400000 (a day) */
  completionTtlMs?: number;
  /** How long breaker and bucket state outlives its last use. @default 3600000 (an hour) */
  stateTtlMs?: number;
}

const sha1 = (script: string) => createHash('sha1').update(script).digest('hex');
const SCRIPTS = { admit: ADMIT, record: RECORD, bucket: BUCKET, claim: CLAIM } as const;
const SHAS = Object.fromEntries(Object.entries(SCRIPTS).map(([name, script]) => [name, sha1(script)])) as Record<keyof typeof SCRIPTS, string>;

/**
 * The shared state of a fleet on Redis: the server breaker, token buckets (the retry budget and the rate
 * limit) and completed jobs, each an atomic Lua script on one key with a TTL. See docs/fleet.md.
 */
export function createRedisSharedState(options: RedisSharedStateOptions): SharedState {
  const { client, keyPrefix = 'saas-litellm', completionTtlMs = 86_400_000, stateTtlMs = 3_600_000 } = options;
  if (typeof client?.evalSha !== 'function' || typeof client.eval !== 'function') {
    throw new TypeError('createRedisSharedState(): `client` must be a node-redis client (createClient() from `redis` 4 or 5).');
  }
  const key = (...parts: string[]) => [keyPrefix, ...parts].join(':');
  const ttl = String(stateTtlMs);

  /** EVALSHA, loading the script with EVAL the first time a Redis has not seen it. */
  async function run(name: keyof typeof SCRIPTS, keys: string[], args: Array<string | number>): Promise<unknown> {
    const call = { keys, arguments: args.map(String) };
    try {
      return await client.evalSha(SHAS[name], call);
    } catch (error) {
      if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      return client.eval(SCRIPTS[name], call);
    }
  }

  return {
    async admit(name: string, settings: SharedBreakerSettings): Promise<SharedAdmission> {
      const [decision, state, retryAfterMs, failures] = (await run('admit', [key('breaker', name)], [settings.resetTimeoutMs, settings.probeLeaseMs, ttl])) as [SharedAdmission['decision'], CircuitState, number, number];
      return { decision, state, retryAfterMs: Number(retryAfterMs), failures: Number(failures) };
    },
    async record(name: string, outcome: 'success' | 'failure', probe: boolean, settings: SharedBreakerSettings): Promise<CircuitState> {
      return (await run('record', [key('breaker', name)], [outcome, probe ? 1 : 0, settings.failureThreshold, ttl])) as CircuitState;
    },
    async take(bucket: string, cost: number, settings: SharedBucketSettings, maxWaitMs = 0): Promise<number> {
      return Number(await run('bucket', [key('bucket', bucket)], [cost, settings.capacity, settings.refillPerSecond, 0, ttl, maxWaitMs]));
    },
    async put(bucket: string, amount: number, settings: SharedBucketSettings): Promise<void> {
      await run('bucket', [key('bucket', bucket)], [0, settings.capacity, settings.refillPerSecond, amount, ttl, 0]);
    },
    async claimCompletion(jobId: string, status: CompleteStatus): Promise<CompleteStatus | null> {
      const previous = await run('claim', [key('completed', jobId.toLowerCase())], [status, completionTtlMs]);
      return typeof previous === 'string' ? (previous as CompleteStatus) : null;
    },
    async releaseCompletion(jobId: string): Promise<void> {
      await client.del(key('completed', jobId.toLowerCase()));
    },
  };
}

export type { SharedAdmission, SharedBreakerSettings, SharedBucketSettings, SharedState } from '../options/shared-state.js';
