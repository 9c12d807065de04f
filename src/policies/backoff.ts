/** Pure delay math: exponential backoff with jitter, and what the server asked for. No timers here. */
import { APIError, type SaaSLLMError } from '../errors/index.js';
import { retryAfterMs } from '../schemas/retry-after.js';

export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  /** ± fraction of the delay. */
  jitter: number;
}

/**
 * Delay before retry number `retryIndex` (0 for the first retry): `min(base · 2^retryIndex, max)`,
 * spread by ±jitter using `random` (a value in [0, 1)), never negative and never above `max`.
 *
 * @example
 * exponentialDelay(2, { baseDelayMs: 1000, maxDelayMs: 32000, jitter: 0.25 }, () => 0.5); // 4000
 */
export function exponentialDelay(retryIndex: number, options: BackoffOptions, random: () => number): number {
  const raw = Math.min(options.baseDelayMs * 2 ** retryIndex, options.maxDelayMs);
  const spread = raw * options.jitter * (random() * 2 - 1);
  return Math.round(Math.min(options.maxDelayMs, Math.max(0, raw + spread)));
}

/** The wait a failed response asked for (`retry-after-ms`, `Retry-After` seconds or HTTP date). */
export function serverRequestedDelay(error: SaaSLLMError, now: number): number | undefined {
  if (!(error instanceof APIError)) return undefined;
  return retryAfterMs(error.headers, now);
}

export type DelayPlan =
  | { kind: 'wait'; delayMs: number; source: 'backoff' | 'retry-after' }
  | { kind: 'give-up'; reason: 'retry-after-exceeds-max' | 'past-deadline'; requestedMs: number };

/**
 * How long to wait before the next attempt, or why not to wait at all: a server asking for longer than
 * `maxDelayMs`, or any wait that would end past the deadline, is not slept through; the caller gets the
 * error at once and can queue the work.
 */
export function planDelay(
  error: SaaSLLMError,
  retryIndex: number,
  options: BackoffOptions,
  random: () => number,
  now: number,
  remainingMs: number | undefined,
): DelayPlan {
  const requested = serverRequestedDelay(error, now);
  if (requested !== undefined && requested > options.maxDelayMs) {
    return { kind: 'give-up', reason: 'retry-after-exceeds-max', requestedMs: requested };
  }
  const plan: DelayPlan =
    requested !== undefined
      ? { kind: 'wait', delayMs: Math.round(requested), source: 'retry-after' }
      : { kind: 'wait', delayMs: exponentialDelay(retryIndex, options, random), source: 'backoff' };
  if (remainingMs !== undefined && plan.delayMs >= remainingMs) {
    return { kind: 'give-up', reason: 'past-deadline', requestedMs: plan.delayMs };
  }
  return plan;
}
