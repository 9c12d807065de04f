/** Every default of the client's options, in one place. */
import type { CircuitBreakerOptions, FetchLike, RetryBudgetOptions, RetryOptions, Timeouts } from './types.js';

export const DEFAULT_TIMEOUTS: Readonly<Timeouts> = /* @__PURE__ */ Object.freeze({
  create: 10_000,
  get: 10_000,
  llmCall: 60_000,
  complete: 30_000,
  createAndCall: 60_000,
  stream: 120_000,
  streamIdle: 120_000,
  default: 30_000,
});

export const DEFAULT_RETRY: Readonly<RetryOptions> = /* @__PURE__ */ Object.freeze({
  maxRetries: 3,
  baseDelayMs: 1000,
  maxDelayMs: 32_000,
  jitter: 0.25,
  retryAmbiguous: false,
});

export const DEFAULT_RETRY_BUDGET: Readonly<RetryBudgetOptions> = /* @__PURE__ */ Object.freeze({
  capacity: 500,
  retryCost: 5,
  timeoutRetryCost: 10,
  successRefill: 1,
});

export const DEFAULT_CIRCUIT_BREAKER: Readonly<CircuitBreakerOptions> = /* @__PURE__ */ Object.freeze({
  failureThreshold: 5,
  resetTimeoutMs: 60_000,
  errorThresholdPercentage: 50,
  volumeThreshold: 20,
  rollingWindowMs: 10_000,
});

/** Largest JSON or error body, and largest single stream event, the SDK reads (10 MiB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** After a stream's end marker, the wait for EOF before the stream finishes anyway. */
export const DEFAULT_END_GRACE_MS = 2_000;

/** How the client uses shared state: a store that is slow is left alone for a second. */
export const DEFAULT_SHARED_STATE = /* @__PURE__ */ Object.freeze({ timeoutMs: 250, recheckMs: 1_000 });

/** How long a key from a `virtualKey` function is used before the function is asked again. */
export const DEFAULT_VIRTUAL_KEY_CACHE_MS = 300_000;

/** The runtime's `fetch`, looked up per request, so interceptors installed after the client (msw) still apply. */
export const runtimeFetch: FetchLike = (input, init) => globalThis.fetch(input, init);
