import type { RetryBudgetOptions } from '../options/types.js';
import { TokenBucket } from './token-bucket.js';

/**
 * A token bucket shared by a client's calls (the AWS SDK's retry quota): each retry spends tokens, each
 * success returns some. When most calls fail the bucket empties and errors surface without retrying,
 * so an outage is not answered with `maxRetries + 1` times the load.
 */
export class RetryBudget {
  readonly #bucket: TokenBucket;

  constructor(private readonly options: Readonly<RetryBudgetOptions>) {
    this.#bucket = new TokenBucket({ capacity: options.capacity, refillPerSecond: 0 });
  }

  /** Tokens left. */
  get available(): number {
    return this.#bucket.available;
  }

  /** Spend the cost of one retry; false (and nothing spent) when the bucket cannot cover it. */
  tryAcquire(afterTimeout: boolean): boolean {
    return this.#bucket.take(afterTimeout ? this.options.timeoutRetryCost : this.options.retryCost) === 0;
  }

  recordSuccess(): void {
    this.#bucket.put(this.options.successRefill);
  }
}

/** What the retry loop needs of a budget: this process's, or the fleet's. */
export interface RetryBudgetLike {
  tryAcquire(afterTimeout: boolean): boolean | Promise<boolean>;
  /** A success refills the budget; a fleet's refill is a write nobody waits for, handed to `waitUntil`. */
  recordSuccess(waitUntil?: ((promise: Promise<unknown>) => void) | undefined): void;
}
