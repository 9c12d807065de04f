/**
 * A client-side rate limit per team, applied to every attempt before it is sent: a token bucket shared by
 * the fleet when there is shared state, else this process's. An attempt over the limit waits for a token
 * within what is left of its deadline (else its timeout), or fails with `RateLimitError` and `retryAfterMs`.
 * A job's completion is never held back.
 */
import { errorContext, type Call, type Policy } from '../core/pipeline.js';
import { RateLimitError } from '../errors/index.js';
import type { SharedStateGuard } from '../fleet/guard.js';
import type { SharedBucketSettings } from '../fleet/shared-state.js';
import { TokenBucket } from './token-bucket.js';
import type { RateLimitOptions } from '../options/types.js';
import { sleep } from './timers.js';

export class RateLimitPolicy implements Policy {
  readonly #bucket: string;
  readonly #settings: SharedBucketSettings;
  readonly #local: TokenBucket;
  readonly #shared: SharedStateGuard | undefined;

  constructor(options: Readonly<RateLimitOptions>, teamId: string, shared: SharedStateGuard | undefined) {
    this.#bucket = `rate:${teamId}`;
    this.#settings = { capacity: options.burst ?? Math.max(1, Math.ceil(options.requestsPerSecond)), refillPerSecond: options.requestsPerSecond };
    this.#local = new TokenBucket(this.#settings);
    this.#shared = shared;
  }

  async execute<T>(call: Call, next: () => Promise<T>): Promise<T> {
    if (call.spec.safety === 'lifecycle') return next();
    const started = Date.now();
    const budgetMs = call.deadline?.remainingMs ?? call.options.timeoutMs;
    for (;;) {
      const waitMs = await this.#take();
      if (waitMs === 0) return next();
      const leftMs = budgetMs - (Date.now() - started);
      if (waitMs < 0 || waitMs > leftMs) {
        throw new RateLimitError(
          `${call.where} was not sent: the client's rate limit of ${this.#settings.refillPerSecond} requests/s${this.#shared ? ' (shared by the fleet)' : ''} has no token within the ${Math.max(0, Math.round(leftMs))} ms left. Retry in ${waitMs} ms.`,
          { ...errorContext(call), status: 429, detail: 'client-side rate limit', issues: undefined, body: '', headers: new Headers(), retryable: true, sendState: 'not-sent', retryAfterMs: Math.max(0, waitMs) },
        );
      }
      await sleep(waitMs, call.waitSignal);
    }
  }

  async #take(): Promise<number> {
    const shared = this.#shared === undefined ? undefined : await this.#shared.run('rate limit', (state) => state.take(this.#bucket, 1, this.#settings));
    return shared ?? this.#local.take(1);
  }
}
