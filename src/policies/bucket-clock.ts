/**
 * What turns opossum's rolling window: its `rotateBucketController` option, moved by the calls instead of
 * a timer. By default each opossum breaker starts a `setInterval` in its constructor to rotate the buckets
 * of its error-rate window; a Worker refuses timers at module scope ("Disallowed operation called within
 * global scope"), an Edge function freezes them between requests, and each costs a timer per breaker. The
 * window only matters when a call is counted or admitted, so the buckets are rotated then, by as many
 * steps as the clock has moved since the last time: the same window, no timer.
 */
import { EventEmitter } from 'events';

export class BucketClock extends EventEmitter {
  readonly #bucketMs: number;
  readonly #buckets: number;
  /** When the current bucket began; set by the first call (nothing runs at construction). */
  #bucketStartedAt: number | undefined;

  /** A window of `windowMs` in `buckets` buckets (opossum's `rollingCountTimeout` and `rollingCountBuckets`). */
  constructor(windowMs: number, buckets: number) {
    super();
    this.#bucketMs = Math.max(1, Math.floor(windowMs / buckets));
    this.#buckets = buckets;
  }

  /** Rotate the buckets for the time passed since the last call (at most a whole window's worth). */
  advance(now: number = Date.now()): void {
    if (this.#bucketStartedAt === undefined) {
      this.#bucketStartedAt = now;
      return;
    }
    const steps = Math.floor((now - this.#bucketStartedAt) / this.#bucketMs);
    if (steps <= 0) return;
    this.#bucketStartedAt += steps * this.#bucketMs;
    for (let step = 0; step < Math.min(steps, this.#buckets); step += 1) this.emit('rotate');
  }
}
