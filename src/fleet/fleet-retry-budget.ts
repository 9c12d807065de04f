/**
 * The retry budget as one bucket for the fleet: retries of every process draw on it, successes of every
 * process refill it (batched: at most one refill per process every 250 ms). While the shared state does
 * not answer, this process's own bucket decides.
 */
import type { RetryBudgetOptions } from '../options/types.js';
import type { RetryBudget, RetryBudgetLike } from '../policies/retry-budget.js';
import type { SharedStateGuard, WaitUntil } from './guard.js';
import type { SharedBucketSettings } from '../options/shared-state.js';

const BUCKET = 'retry-budget';
/** Refills go to the store at most this often per process: a success never costs a round trip of its own. */
const REFILL_EVERY_MS = 250;

export class FleetRetryBudget implements RetryBudgetLike {
  readonly #local: RetryBudget;
  readonly #shared: SharedStateGuard;
  readonly #options: Readonly<RetryBudgetOptions>;
  readonly #bucket: SharedBucketSettings;
  /** Tokens this process's successes owe the fleet's bucket since the last refill. */
  #owed = 0;
  #refilledAt = 0;

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

  recordSuccess(waitUntil?: WaitUntil): void {
    this.#local.recordSuccess();
    this.#owed += this.#options.successRefill;
    const now = Date.now();
    if (now - this.#refilledAt < REFILL_EVERY_MS || !this.#shared.available) return;
    // Batched, and not awaited: the successes since the last refill, in one operation.
    const amount = this.#owed;
    this.#owed = 0;
    this.#refilledAt = now;
    this.#shared.detach('retry budget', (state) => state.put(BUCKET, amount, this.#bucket), waitUntil);
  }
}
