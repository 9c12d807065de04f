/**
 * Circuit breakers, each one opossum breaker: opossum owns the state machine (open, half-open with a
 * single probe, close) and the rolling error rate; we add the consecutive-failure rule and decide what
 * counts. Two scopes:
 * - the server breaker (one per client) counts what says the server is unwell: connection failures,
 *   timeouts, 502/503/504 and unexplained 5xx — never 4xx, validation, aborts or a provider's failure;
 * - a model breaker (one per model, see model-breakers.ts) counts only the provider failures of that
 *   model (`500 LLM call failed: …`), so one broken model fails fast without blocking the others.
 * Completing a job is never refused: an open job is worse for the user than one more request.
 * opossum's own timeout is off: timeouts are the pipeline's.
 */
import CircuitBreaker from 'opossum';
import { APIError, CircuitOpenError, RequestAbortedError, SaaSLLMError, StreamError } from '../errors/index.js';
import { errorContext, type Call, type Policy } from '../core/pipeline.js';
import type { CircuitState } from '../observability/hooks.js';
import type { CircuitBreakerOptions } from '../options/types.js';

/** A 500 whose text says one provider call failed, or a stream's uncharged provider failure (the server itself is fine). */
export function isProviderFailure(error: unknown): boolean {
  if (error instanceof StreamError) return error.retryable;
  return error instanceof APIError && error.status === 500 && error.detail?.startsWith('LLM call failed') === true;
}

/** Whether a failure says the server is unwell. */
export function countsAgainstCircuit(error: unknown): boolean {
  if (!(error instanceof SaaSLLMError) || !error.retryable) return false;
  if (error instanceof RequestAbortedError || error instanceof CircuitOpenError) return false;
  if (isProviderFailure(error)) return false;
  return !(error instanceof APIError && error.status < 500);
}

/** What a breaker guards, for its messages and its state changes. */
export interface BreakerScope {
  /** Which failures count toward opening it. */
  counts: (error: unknown) => boolean;
  /** `the circuit breaker` / `the circuit breaker for model 'x'`. */
  label: string;
  /** Set on its `CircuitOpenError`. */
  model?: string | undefined;
  onTransition: (previous: CircuitState, state: CircuitState) => void;
}

export class Breaker {
  readonly #breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;
  readonly #options: Readonly<CircuitBreakerOptions>;
  readonly #scope: BreakerScope;
  #consecutiveFailures = 0;
  #openedAt = 0;
  #state: CircuitState = 'closed';

  constructor(options: Readonly<CircuitBreakerOptions>, scope: BreakerScope) {
    this.#options = options;
    this.#scope = scope;
    this.#breaker = new CircuitBreaker((run: () => Promise<unknown>) => run(), {
      timeout: false,
      resetTimeout: options.resetTimeoutMs,
      errorThresholdPercentage: options.errorThresholdPercentage,
      volumeThreshold: options.volumeThreshold,
      rollingCountTimeout: options.rollingWindowMs,
      rollingCountBuckets: 10,
      // Its default keeps every latency of the window and sorts them each second: measured at ~250 µs of
      // CPU per call at 1,500 calls/s. Latency percentiles are the metrics' job (a fixed histogram).
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
      // "Filtered" errors count as successes for opossum: the thing guarded answered.
      errorFilter: (error: unknown) => !scope.counts(error),
    });
    this.#breaker.on('failure', () => this.recordFailure());
    this.#breaker.on('success', () => {
      this.#consecutiveFailures = 0;
    });
    this.#breaker.on('open', () => {
      this.#openedAt = Date.now();
      this.#transition('open');
    });
    this.#breaker.on('halfOpen', () => this.#transition('halfOpen'));
    this.#breaker.on('close', () => {
      this.#consecutiveFailures = 0;
      this.#transition('closed');
    });
  }

  get state(): CircuitState {
    return this.#state;
  }

  /** Time until the breaker lets a probe through (0 unless open). */
  get retryAfterMs(): number {
    return this.#state === 'open' ? Math.max(0, this.#openedAt + this.#options.resetTimeoutMs - Date.now()) : 0;
  }

  async run<T>(call: Call, next: () => Promise<T>): Promise<T> {
    try {
      return (await this.#breaker.fire(next)) as T;
    } catch (error) {
      if (error instanceof SaaSLLMError) throw error;
      if ((error as { code?: string }).code === 'EOPENBREAKER') {
        const retryAfterMs = this.#state === 'halfOpen' ? this.#options.resetTimeoutMs : this.retryAfterMs;
        const { label, model } = this.#scope;
        throw new CircuitOpenError(
          `${call.where} was not sent: ${label} is ${this.#state === 'halfOpen' ? 'half-open and probing' : 'open'} after repeated failures. Retry in ${Math.ceil(retryAfterMs / 1000)} s${model === undefined ? '' : ', or use another model'}.`,
          { ...errorContext(call), retryAfterMs, model },
        );
      }
      throw error;
    }
  }

  /** One more consecutive failure (opossum reports its own; a failure seen before the breaker existed comes here). */
  recordFailure(): void {
    this.#consecutiveFailures += 1;
    if (this.#consecutiveFailures >= this.#options.failureThreshold) this.#breaker.open();
  }

  /** Stop opossum's timers. */
  shutdown(): void {
    this.#breaker.shutdown();
  }

  #transition(state: CircuitState): void {
    const previous = this.#state;
    if (previous === state) return;
    this.#state = state;
    this.#scope.onTransition(previous, state);
  }
}

/** The fleet's server breaker (fleet/fleet-breaker.ts), when the client has shared state. */
export interface FleetBreakerLike {
  /** The fleet's state; undefined while the shared state does not answer (the local breaker is in charge). */
  readonly state: CircuitState | undefined;
  /** Run `next` as the fleet breaker decides, or resolve undefined when the shared state does not answer. */
  execute<T>(call: Call, next: () => Promise<T>): Promise<{ result: T } | undefined>;
}

/** The server breaker around every attempt, except a job's completion. */
export class CircuitBreakerPolicy implements Policy {
  readonly #breaker: Breaker;
  readonly #fleet: FleetBreakerLike | undefined;

  constructor(options: Readonly<CircuitBreakerOptions>, onTransition: BreakerScope['onTransition'], fleet?: (onTransition: BreakerScope['onTransition']) => FleetBreakerLike) {
    this.#fleet = fleet?.(onTransition);
    this.#breaker = new Breaker(options, {
      counts: countsAgainstCircuit,
      label: 'the circuit breaker',
      // While the fleet's state answers it is the one reported; the local breaker takes over when it does not.
      onTransition: (previous, state) => {
        if (this.#fleet?.state === undefined) onTransition(previous, state);
      },
    });
  }

  get state(): CircuitState {
    return this.#fleet?.state ?? this.#breaker.state;
  }

  /** Whether `call` would be refused now (the retry loop stops instead of waiting for a refusal). */
  isOpenFor(call: Call): boolean {
    return call.spec.safety !== 'lifecycle' && this.state === 'open';
  }

  async execute<T>(call: Call, next: () => Promise<T>): Promise<T> {
    if (call.spec.safety === 'lifecycle') return next();
    const shared = await this.#fleet?.execute(call, next);
    return shared === undefined ? this.#breaker.run(call, next) : shared.result;
  }

  shutdown(): void {
    this.#breaker.shutdown();
  }
}
