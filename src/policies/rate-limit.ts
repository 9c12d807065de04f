/**
 * A client-side rate limit per team, applied to every attempt before it is sent: a token bucket shared by
 * the fleet when there is shared state, else this process's. An attempt over the limit reserves the next
 * token it can have within what is left of its deadline and waits for it; when none can be had in time it
 * fails at once with `RateLimitError` and `retryAfterMs`, nothing sent. A job's completion is never held back.
 */
import { errorContext, type Call, type Policy } from './call.js';
import { RateLimitError } from '../errors/index.js';
import { TokenBucket, type BucketSettings } from './token-bucket.js';
import type { RateLimitOptions } from '../options/types.js';
import { sleep } from '../base/timers.js';

/**
 * The fleet's bucket, when the client has shared state (fleet/fleet.ts makes it): the rate limit decides
 * alone, with its own bucket, whenever it answers undefined.
 */
export interface SharedTokens {
  /** Take one token from `bucket`: 0 when taken, up to `maxWaitMs` when reserved that far ahead, more (or -1) when refused; undefined when the store did not answer. */
  take(bucket: string, settings: BucketSettings, maxWaitMs: number): Promise<number | undefined>;
  /** Give a reserved token back (its call was aborted while waiting), without waiting for the store. */
  giveBack(bucket: string, settings: BucketSettings, waitUntil: ((promise: Promise<unknown>) => void) | undefined): void;
}

/** A reserved token must leave the request a tenth of the call's remaining deadline, at most this much. */
const REQUEST_SHARE_MAX_MS = 1_000;

export class RateLimitPolicy implements Policy {
  readonly #bucket: string;
  readonly #settings: BucketSettings;
  readonly #local: TokenBucket;
  readonly #shared: SharedTokens | undefined;

  constructor(options: Readonly<RateLimitOptions>, teamId: string, shared: SharedTokens | undefined) {
    this.#bucket = `rate:${teamId}`;
    this.#settings = { capacity: options.burst ?? Math.max(1, Math.ceil(options.requestsPerSecond)), refillPerSecond: options.requestsPerSecond };
    this.#local = new TokenBucket(this.#settings);
    this.#shared = shared;
  }

  async execute<T>(call: Call, next: () => Promise<T>): Promise<T> {
    if (call.spec.safety === 'lifecycle') return next();
    // Waiting for a token that others may take first could sleep to the deadline and end in
    // TimeoutError: the token is reserved atomically instead, or refused now.
    const remainingMs = call.deadline?.remainingMs;
    const maxWaitMs = remainingMs === undefined ? call.options.timeoutMs : Math.max(0, remainingMs - Math.min(REQUEST_SHARE_MAX_MS, remainingMs / 10));
    const { waitMs, shared } = await this.#take(maxWaitMs);
    if (waitMs === 0) return next();
    if (waitMs < 0 || waitMs > maxWaitMs) {
      throw new RateLimitError(
        `${call.where} was not sent: the client's rate limit of ${this.#settings.refillPerSecond} requests/s${this.#shared ? ' (shared by the fleet)' : ''} has no token within the ${Math.round(maxWaitMs)} ms it may wait. Retry in ${waitMs} ms.`,
        { ...errorContext(call), status: undefined, detail: 'client-side rate limit', issues: undefined, body: '', headers: new Headers(), retryable: true, sendState: 'not-sent', retryAfterMs: Math.max(0, waitMs) },
      );
    }
    try {
      await sleep(waitMs, call.waitSignal);
    } catch (error) {
      // Aborted while waiting: the reserved token goes back for others.
      if (shared) this.#shared?.giveBack(this.#bucket, this.#settings, call.options.waitUntil);
      else this.#local.put(1);
      throw error;
    }
    return next();
  }

  async #take(maxWaitMs: number): Promise<{ waitMs: number; shared: boolean }> {
    const shared = await this.#shared?.take(this.#bucket, this.#settings, maxWaitMs);
    return shared === undefined ? { waitMs: this.#local.take(1, Date.now(), maxWaitMs), shared: false } : { waitMs: shared, shared: true };
  }
}
