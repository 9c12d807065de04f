/** A token bucket in this process: the rate limit's fallback when the fleet's bucket does not answer. */
import type { SharedBucketSettings } from './shared-state.js';

export class TokenBucket {
  readonly #settings: SharedBucketSettings;
  #tokens: number;
  #at: number;

  constructor(settings: SharedBucketSettings, now = Date.now()) {
    this.#settings = settings;
    this.#tokens = settings.capacity;
    this.#at = now;
  }

  /** Take `cost` tokens: 0 when taken, else ms until they would be there (-1: never, without a refill rate). */
  take(cost: number, now = Date.now()): number {
    const { capacity, refillPerSecond } = this.#settings;
    if (now > this.#at) this.#tokens = Math.min(capacity, this.#tokens + ((now - this.#at) * refillPerSecond) / 1000);
    this.#at = Math.max(now, this.#at);
    if (this.#tokens >= cost) {
      this.#tokens -= cost;
      return 0;
    }
    return refillPerSecond > 0 ? Math.ceil(((cost - this.#tokens) * 1000) / refillPerSecond) : -1;
  }
}
