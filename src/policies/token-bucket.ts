/**
 * A token bucket in this process: the retry budget's (no refill rate: successes put tokens back) and the
 * rate limit's (refilled with time). The fleet's buckets are the same rule in Lua (redis/scripts.ts).
 */
/** A bucket of `capacity` tokens, refilled at `refillPerSecond` (0: only by `put`). */
export interface BucketSettings {
  capacity: number;
  refillPerSecond: number;
}

export class TokenBucket {
  readonly #settings: BucketSettings;
  #tokens: number;
  #at: number;

  constructor(settings: BucketSettings, now = Date.now()) {
    this.#settings = settings;
    this.#tokens = settings.capacity;
    this.#at = now;
  }

  /** Tokens there now. */
  get available(): number {
    this.#refill(Date.now());
    return this.#tokens;
  }

  /**
   * Take `cost` tokens: 0 when taken, else ms until they would be there (-1: never, without a refill rate).
   * With `maxWaitMs`, tokens that will be there within it are reserved now (the bucket goes into debt, and
   * refills pay it back): the wait returned is then the caller's, and nobody else can take those tokens.
   * So a result from 0 to `maxWaitMs` means taken; anything else means nothing was taken.
   */
  take(cost: number, now = Date.now(), maxWaitMs = 0): number {
    this.#refill(now);
    if (this.#tokens >= cost) {
      this.#tokens -= cost;
      return 0;
    }
    const { refillPerSecond } = this.#settings;
    if (refillPerSecond <= 0) return -1;
    const waitMs = Math.ceil(((cost - this.#tokens) * 1000) / refillPerSecond);
    if (waitMs <= maxWaitMs) this.#tokens -= cost;
    return waitMs;
  }

  /** Put `amount` tokens back, up to the capacity. */
  put(amount: number): void {
    this.#tokens = Math.min(this.#settings.capacity, this.#tokens + amount);
  }

  #refill(now: number): void {
    const { capacity, refillPerSecond } = this.#settings;
    if (now > this.#at && refillPerSecond > 0) this.#tokens = Math.min(capacity, this.#tokens + ((now - this.#at) * refillPerSecond) / 1000);
    this.#at = Math.max(now, this.#at);
  }
}
