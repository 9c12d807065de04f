/**
 * Call counts and latencies per endpoint template, in bounded memory: one fixed-size histogram per
 * template (a client has about twenty), nothing per call.
 */
import type { CircuitState } from './hooks.js';
import { LatencyHistogram, type LatencySummary } from './histogram.js';

/** Counts of one endpoint template (or of all, in `total`). Counts are of logical calls: retries are inside. */
export interface EndpointMetrics {
  /** Path template, e.g. `/api/jobs/{job_id}/llm-call`; `*` for the total. */
  endpoint: string;
  /** Calls made (each counted once, however many attempts it took). */
  requests: number;
  successes: number;
  errors: number;
  /** Failed calls by error `code`, e.g. `{ rate_limited: 2, timeout: 1 }`. */
  errorsByCode: Record<string, number>;
  /** `errors / requests` (0 when there were none). */
  errorRate: number;
  /** Retries made (attempts beyond the first). */
  retries: number;
  /** Calls by outcome: the final HTTP status (`"200"`, `"503"`), or the error code when no response came (`"timeout"`). */
  statuses: Record<string, number>;
  /** Call latency, retries and waits included (for streams: until the response headers). */
  latency: LatencySummary;
  /** How streams that started ended: read to the end, failed (error frame, drop, stall) or abandoned. */
  streams: { completed: number; failed: number; aborted: number };
}

/** What `client.metrics()` returns. */
export interface MetricsSnapshot {
  total: EndpointMetrics;
  endpoints: Record<string, EndpointMetrics>;
  /** Times the circuit breaker opened. */
  circuitOpens: number;
  circuitState: CircuitState;
  /** When counting started (client creation or the last `resetMetrics()`), ISO 8601. */
  since: string;
}

class EndpointStats {
  requests = 0;
  successes = 0;
  retries = 0;
  readonly errorsByCode = new Map<string, number>();
  readonly statuses = new Map<string, number>();
  readonly latency = new LatencyHistogram();
  readonly streams = { completed: 0, failed: 0, aborted: 0 };

  snapshot(endpoint: string): EndpointMetrics {
    const errors = this.requests - this.successes;
    return {
      endpoint,
      requests: this.requests,
      successes: this.successes,
      errors,
      errorsByCode: Object.fromEntries(this.errorsByCode),
      errorRate: this.requests === 0 ? 0 : errors / this.requests,
      retries: this.retries,
      statuses: Object.fromEntries(this.statuses),
      latency: this.latency.summary(),
      streams: { ...this.streams },
    };
  }

  addTo(total: EndpointStats): void {
    total.requests += this.requests;
    total.successes += this.successes;
    total.retries += this.retries;
    for (const [code, count] of this.errorsByCode) increment(total.errorsByCode, code, count);
    for (const [status, count] of this.statuses) increment(total.statuses, status, count);
    total.latency.merge(this.latency);
    total.streams.completed += this.streams.completed;
    total.streams.failed += this.streams.failed;
    total.streams.aborted += this.streams.aborted;
  }
}

export class MetricsRecorder {
  #endpoints = new Map<string, EndpointStats>();
  #circuitOpens = 0;
  #since = new Date();

  callEnded(endpoint: string, outcome: { status: string; errorCode?: string | undefined }, durationMs: number): void {
    const stats = this.#stats(endpoint);
    stats.requests += 1;
    if (outcome.errorCode === undefined) stats.successes += 1;
    else increment(stats.errorsByCode, outcome.errorCode, 1);
    increment(stats.statuses, outcome.status, 1);
    stats.latency.record(durationMs);
  }

  streamEnded(endpoint: string, outcome: 'completed' | 'failed' | 'aborted'): void {
    this.#stats(endpoint).streams[outcome] += 1;
  }

  retried(endpoint: string): void {
    this.#stats(endpoint).retries += 1;
  }

  circuitOpened(): void {
    this.#circuitOpens += 1;
  }

  snapshot(circuitState: CircuitState): MetricsSnapshot {
    const total = new EndpointStats();
    const endpoints: Record<string, EndpointMetrics> = {};
    for (const [endpoint, stats] of this.#endpoints) {
      endpoints[endpoint] = stats.snapshot(endpoint);
      stats.addTo(total);
    }
    return { total: total.snapshot('*'), endpoints, circuitOpens: this.#circuitOpens, circuitState, since: this.#since.toISOString() };
  }

  reset(): void {
    this.#endpoints = new Map();
    this.#circuitOpens = 0;
    this.#since = new Date();
  }

  #stats(endpoint: string): EndpointStats {
    let stats = this.#endpoints.get(endpoint);
    if (stats === undefined) {
      stats = new EndpointStats();
      this.#endpoints.set(endpoint, stats);
    }
    return stats;
  }
}

function increment(map: Map<string, number>, key: string, by: number): void {
  map.set(key, (map.get(key) ?? 0) + by);
}
