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
import { errorContext, type Call, type Policy } from './call.js';
import type { CircuitState } from '../observability/hooks.js';
import type { CircuitBreakerOptions } from '../options/types.js';
import { BucketClock } from './bucket-clock.js';

/** opossum's rolling window is cut in this many buckets. */
const BUCKETS = 10;

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
  return !(error instanceof APIError && (error.status === undefined || error.status < 500));
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

/** What opossum is shown for an attempt whose outcome no longer counts. */
const STALE = Symbol('stale outcome');

export class Breaker {
  #breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;
  readonly #clock: BucketClock;
  readonly #options: Readonly<CircuitBreakerOptions>;
  readonly #scope: BreakerScope;
  #consecutiveFailures = 0;
  #openedAt = 0;
  #state: CircuitState = 'closed';
  /** Times the breaker opened: an attempt admitted before the latest opening is not counted. */
  #generation = 0;
  /** Stale outcomes waiting for the half-open probe to decide (opossum must not see them meanwhile). */
  #waitingForProbe: Array<() => void> = [];

  constructor(options: Readonly<CircuitBreakerOptions>, scope: BreakerScope) {
    this.#options = options;
    this.#scope = scope;
    this.#clock = new BucketClock(options.rollingWindowMs, BUCKETS);
    this.#breaker = this.#build(undefined);
  }

  /** An opossum breaker with our rules and listeners; `restore` is its own `toJSON()` (see #resumeIfOverdue). */
  #build(restore: ReturnType<CircuitBreaker['toJSON']> | undefined): CircuitBreaker<[() => Promise<unknown>], unknown> {
    const scope = this.#scope;
    const options = this.#options;
    const breaker = new CircuitBreaker((run: () => Promise<unknown>) => run(), {
      timeout: false,
      resetTimeout: options.resetTimeoutMs,
      errorThresholdPercentage: options.errorThresholdPercentage,
      volumeThreshold: options.volumeThreshold,
      rollingCountTimeout: options.rollingWindowMs,
      rollingCountBuckets: BUCKETS,
      // No timer at construction (a Worker forbids one at module scope): the calls turn the window.
      rotateBucketController: this.#clock,
      // Its default keeps every latency of the window and sorts them each second: measured at ~250 µs of
      // CPU per call at 1,500 calls/s. Latency percentiles are the metrics' job (a fixed histogram).
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
      // "Filtered" errors count as successes for opossum: the thing guarded answered.
      errorFilter: (error: unknown) => !scope.counts(error),
      // opossum takes its stats object here too (it wraps it in a Status); the typings name only a Status.
      ...(restore === undefined ? {} : { state: restore.state, status: restore.status as unknown as CircuitBreaker.Status }),
    });
    breaker.on('failure', () => this.recordFailure());
    breaker.on('success', (result: unknown) => {
      if (result !== STALE) this.#consecutiveFailures = 0;
    });
    breaker.on('open', () => {
      this.#generation += 1;
      this.#openedAt = Date.now();
      this.#transition('open');
    });
    breaker.on('halfOpen', () => this.#transition('halfOpen'));
    breaker.on('close', () => {
      this.#consecutiveFailures = 0;
      this.#transition('closed');
    });
    return breaker;
  }

  /**
   * An open breaker whose reset time has passed without opossum's reset timer firing goes half-open now.
   * A Worker cancels the timers of a request when it ends, so a client kept at module scope would stay open
   * for good; opossum restores a breaker from its own `toJSON()` state (its way for serverless hosts) and
   * turns it half-open when the reset time is over.
   */
  #resumeIfOverdue(): void {
    if (this.#state !== 'open' || Date.now() - this.#openedAt <= this.#options.resetTimeoutMs) return;
    const saved = this.#breaker.toJSON();
    this.#breaker.shutdown();
    this.#breaker = this.#build(saved);
    if (this.#breaker.halfOpen) this.#transition('halfOpen');
  }

  get state(): CircuitState {
    this.#resumeIfOverdue();
    return this.#state;
  }

  /** Time until the breaker lets a probe through (0 unless open). */
  get retryAfterMs(): number {
    return this.#state === 'open' ? Math.max(0, this.#openedAt + this.#options.resetTimeoutMs - Date.now()) : 0;
  }

  /**
   * Run `next` if the breaker admits it. The caller gets `next`'s own outcome at once. The breaker counts
   * it unless the breaker opened since the attempt was admitted: such an outcome tells of the time before
   * the outage was seen (a slow failure from then would otherwise reopen the breaker under a probe that
   * succeeds, or count against it once closed). The fleet breaker's script ignores them the same way.
   */
  async run<T>(call: Call, next: () => Promise<T>): Promise<T> {
    this.#clock.advance();
    this.#resumeIfOverdue();
    const generation = this.#generation;
    let started: Promise<T> | undefined;
    const firing = this.#breaker.fire(() => {
      started = next();
      return this.#countedIn(started, generation);
    });
    // opossum runs the action synchronously when it admits the call.
    if (started !== undefined) {
      firing.catch(() => {});
      return started;
    }
    try {
      return (await firing) as T;
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

  /**
   * The outcome of an attempt that did not pass through opossum (a model's call made before its breaker
   * existed), counted while the breaker has not opened since it was created.
   */
  recordOutside(outcome: 'success' | 'failure'): void {
    if (this.#generation !== 0) return;
    if (outcome === 'failure') this.recordFailure();
    else this.#consecutiveFailures = 0;
  }

  /** One more consecutive failure (opossum reports its own; a failure seen before the breaker existed comes here). */
  recordFailure(): void {
    this.#consecutiveFailures += 1;
    if (this.#consecutiveFailures >= this.#options.failureThreshold) this.#breaker.open();
  }

  /**
   * What opossum sees of an attempt admitted in `generation`: its outcome, or, when the breaker opened
   * since, a neutral success (STALE, which our listeners skip) shown once the half-open probe is over,
   * since any outcome opossum sees during half-open decides it.
   */
  #countedIn<T>(outcome: Promise<T>, generation: number): Promise<T | typeof STALE> {
    const judge = (): Promise<T | typeof STALE> => {
      // The outcome lands in the bucket of the time it settles.
      this.#clock.advance();
      if (this.#generation === generation) return outcome;
      if (this.#state === 'halfOpen') return new Promise<void>((resolve) => this.#waitingForProbe.push(resolve)).then(judge);
      return Promise.resolve(STALE);
    };
    return outcome.then(judge, judge);
  }

  /** Stop opossum's timers. */
  shutdown(): void {
    this.#breaker.shutdown();
    this.#releaseWaiting();
  }

  #transition(state: CircuitState): void {
    const previous = this.#state;
    if (previous === state) return;
    this.#state = state;
    this.#scope.onTransition(previous, state);
    if (previous === 'halfOpen') this.#releaseWaiting();
  }

  #releaseWaiting(): void {
    if (this.#waitingForProbe.length === 0) return;
    for (const release of this.#waitingForProbe.splice(0)) release();
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
