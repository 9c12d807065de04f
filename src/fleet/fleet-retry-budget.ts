/**
 * The retry budget as one bucket for the fleet: retries of every process draw on it, successes of every
 * process refill it. While the shared state does not answer, this process's own bucket decides.
 */
import type { RetryBudgetOptions } from '../options/types.js';
import type { RetryBudget, RetryBudgetLike } from '../policies/retry-budget.js';
import type { SharedStateGuard } from './guard.js';
import type { SharedBucketSettings } from './shared-state.js';

const BUCKET = 'retry-budget';

export class FleetRetryBudget implements RetryBudgetLike {
  readonly #local: RetryBudget;
  readonly #shared: SharedStateGuard;
  readonly #options: Readonly<RetryBudgetOptions>;
  readonly #bucket: SharedBucketSettings;

  constructor(local: RetryBudget, shared: SharedStateGuard, options: Readonly<RetryBudgetOptions>) {
    this.#local = local;
    this.#shared = shared;
    this.#options = options;
    this.#bucket = { capacity: options.capacity, refillPerSecond: 0 };
  }

  async tryAcquire(afterTimeout: boolean): Promise<boolean> {
    const cost = afterTimeout ? this.#options.timeoutRetryCost : this.#options.retryCost;
    const wait = await this.#shared.run('retry budget', (state) => state.take(BUCKET, cost, this.#bucket));
    return wait === undefined ? this.#local.tryAcquire(afterTimeout) : wait === 0;
  }

  recordSuccess(): void {
    this.#local.recordSuccess();
    // Not awaited: a success never waits for the store.
    if (this.#shared.available) void this.#shared.run('retry budget', (state) => state.put(BUCKET, this.#options.successRefill, this.#bucket));
  }
}
