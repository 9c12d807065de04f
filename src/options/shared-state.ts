/**
 * State a fleet of clients shares (all the processes of a service): the server breaker, the retry
 * budget, a client-side rate limit and the completed jobs. `saas-litellm/redis` implements it on Redis;
 * the SDK calls it through fleet/guard.ts, which falls back to per-process state when it fails or is
 * slow. It sits with the options because it is one: what a `sharedState` option must implement.
 */
import type { CircuitState } from '../observability/hooks.js';
import type { CompleteStatus } from '../schemas/common.js';

/** The fleet breaker's rule: open after `failureThreshold` consecutive failures, probe after `resetTimeoutMs`. */
export interface SharedBreakerSettings {
  failureThreshold: number;
  resetTimeoutMs: number;
  /** How long one process holds the half-open probe before another may take it (the prober may die). */
  probeLeaseMs: number;
}

/** What the fleet breaker says about one attempt. */
export interface SharedAdmission {
  /** `send`: closed; `probe`: this process holds the one half-open probe; `refuse`: open, or another process is probing. */
  decision: 'send' | 'probe' | 'refuse';
  state: CircuitState;
  /** For `refuse`: when a probe may go. */
  retryAfterMs: number;
  /** Consecutive failures so far (a success only needs recording when there are some). */
  failures: number;
}

/** A token bucket: `capacity` tokens, refilled at `refillPerSecond` (0: only by `putTokens`). */
export interface SharedBucketSettings {
  capacity: number;
  refillPerSecond: number;
}

/**
 * The operations the SDK needs from shared state. Each is atomic where it stands (a Lua script on Redis);
 * each may reject or hang, and the SDK then decides alone, per process. Times are the store's own clock.
 */
export interface SharedState {
  /** The fleet breaker `name`: may this attempt be sent? */
  admit(name: string, settings: SharedBreakerSettings): Promise<SharedAdmission>;
  /** Record an attempt's outcome (`probe`: it was the half-open probe); resolves with the new state. */
  record(name: string, outcome: 'success' | 'failure', probe: boolean, settings: SharedBreakerSettings): Promise<CircuitState>;
  /**
   * Take `cost` tokens from `bucket`: 0 when taken, else ms until they would be there (-1: never by itself).
   * With `maxWaitMs` (default 0), tokens due within it are reserved now, atomically: a result from 0 to
   * `maxWaitMs` means taken (the caller waits that long, and nobody else gets those tokens).
   */
  take(bucket: string, cost: number, settings: SharedBucketSettings, maxWaitMs?: number): Promise<number>;
  /** Put tokens back into `bucket` (a retry budget's refill on success), up to its capacity. */
  put(bucket: string, amount: number, settings: SharedBucketSettings): Promise<void>;
  /** Claim the completion of `jobId`: null when claimed now, else the status another claim recorded. */
  claimCompletion(jobId: string, status: CompleteStatus): Promise<CompleteStatus | null>;
  /** The completion did not reach the server: let another try. */
  releaseCompletion(jobId: string): Promise<void>;
}
