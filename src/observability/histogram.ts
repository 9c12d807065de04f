/**
 * A latency histogram in fixed memory: logarithmic buckets whose width is 2% of their value (as in
 * DDSketch), so any percentile is within 1% of the exact one however many values are recorded. Values
 * from 10 µs to 1 h; beyond that they land in the last bucket.
 */

const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
const MIN_MS = 0.01;
const MAX_MS = 3_600_000;
const BUCKETS = Math.ceil(Math.log(MAX_MS / MIN_MS) / LOG_GAMMA) + 1;

/** Upper bounds (seconds) of the cumulative buckets exported to Prometheus. */
export const PROMETHEUS_BUCKETS_SECONDS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** Percentiles and counts of recorded latencies. */
export interface LatencySummary {
  count: number;
  sumMs: number;
  averageMs: number;
  minMs: number;
  maxMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Cumulative counts per upper bound in seconds (`+Inf` is `count`), as Prometheus wants them. */
  buckets: Array<{ leSeconds: number; count: number }>;
}

/**
 * @example
 * const histogram = new LatencyHistogram();
 * histogram.record(12.5);
 * histogram.percentile(0.99);
 */
export class LatencyHistogram {
  readonly #counts = new Uint32Array(BUCKETS);
  readonly #prometheus = new Uint32Array(PROMETHEUS_BUCKETS_SECONDS.length);
  #count = 0;
  #sum = 0;
  #min = Number.POSITIVE_INFINITY;
  #max = 0;

  /** Buckets held: fixed, whatever the number of values recorded. */
  get bucketCount(): number {
    return this.#counts.length;
  }

  get count(): number {
    return this.#count;
  }

  record(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const bucket = bucketOf(ms);
    this.#counts[bucket] = (this.#counts[bucket] ?? 0) + 1;
    const seconds = ms / 1000;
    const slot = PROMETHEUS_BUCKETS_SECONDS.findIndex((bound) => seconds <= bound);
    if (slot >= 0) this.#prometheus[slot] = (this.#prometheus[slot] ?? 0) + 1;
    this.#count += 1;
    this.#sum += ms;
    if (ms < this.#min) this.#min = ms;
    if (ms > this.#max) this.#max = ms;
  }

  /** Add another histogram's values to this one. */
  merge(other: LatencyHistogram): void {
    other.#counts.forEach((count, index) => {
      this.#counts[index] = (this.#counts[index] ?? 0) + count;
    });
    other.#prometheus.forEach((count, index) => {
      this.#prometheus[index] = (this.#prometheus[index] ?? 0) + count;
    });
    this.#count += other.#count;
    this.#sum += other.#sum;
    this.#min = Math.min(this.#min, other.#min);
    this.#max = Math.max(this.#max, other.#max);
  }

  /** The value below which a fraction `q` (0..1) of the values fall; 0 when empty. */
  percentile(q: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.max(1, Math.ceil(Math.min(1, Math.max(0, q)) * this.#count));
    let seen = 0;
    for (let index = 0; index < this.#counts.length; index += 1) {
      seen += this.#counts[index] ?? 0;
      if (seen >= rank) return Math.min(this.#max, Math.max(this.#min, valueOf(index)));
    }
    return this.#max;
  }

  summary(): LatencySummary {
    let cumulative = 0;
    const buckets = PROMETHEUS_BUCKETS_SECONDS.map((leSeconds, index) => {
      cumulative += this.#prometheus[index] ?? 0;
      return { leSeconds, count: cumulative };
    });
    const empty = this.#count === 0;
    return {
      count: this.#count,
      sumMs: round(this.#sum),
      averageMs: empty ? 0 : round(this.#sum / this.#count),
      minMs: empty ? 0 : round(this.#min),
      maxMs: round(this.#max),
      p50Ms: round(this.percentile(0.5)),
      p95Ms: round(this.percentile(0.95)),
      p99Ms: round(this.percentile(0.99)),
      buckets,
    };
  }
}

function bucketOf(ms: number): number {
  if (ms <= MIN_MS) return 0;
  return Math.min(BUCKETS - 1, Math.ceil(Math.log(ms / MIN_MS) / LOG_GAMMA));
}

/** The value that represents bucket `index` within the relative accuracy: its (MIN·γ^(i-1), MIN·γ^i] midpoint. */
function valueOf(index: number): number {
  if (index === 0) return MIN_MS;
  return (2 * MIN_MS * GAMMA ** index) / (GAMMA + 1);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
