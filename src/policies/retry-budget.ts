import type { RetryBudgetOptions } from '../options/types.js';

/**
 * A token bucket shared by a client's calls (the AWS SDK's retry quota): each retry spends tokens, each
 * success returns some. When most calls fail the bucket empties and errors surface without retrying,
 * so an outage is not answered with `maxRetries + 1` times the load.
 */
export class RetryBudget {
  #tokens: number;

  constructor(private readonly options: Readonly<RetryBudgetOptions>) {
    this.#tokens = options.capacity;
  }

  /** Tokens left. */
  get available(): number {
    return this.#tokens;
  }

  /** Spend the cost of one retry; false (and nothing spent) when the bucket cannot cover it. */
  tryAcquire(afterTimeout: boolean): boolean {
    const cost = afterTimeout ? this.options.timeoutRetryCost : this.options.retryCost;
    if (this.#tokens < cost) return false;
    this.#tokens -= cost;
    return true;
  }

  recordSuccess(): void {
    this.#tokens = Math.min(this.options.capacity, this.#tokens + this.options.successRefill);
  }
}

/** What the retry loop needs of a budget: this process's, or the fleet's. */
export interface RetryBudgetLike {
  tryAcquire(afterTimeout: boolean): boolean | Promise<boolean>;
  recordSuccess(): void;
}
