/**
 * Retries with p-retry. The decision reads the error (`retryable`, what the server may have done) and
 * the call (may a repeat charge twice?); the wait is planned by backoff.ts and slept here, abortable.
 */
import pRetry from 'p-retry';
import { CircuitOpenError, RequestAbortedError, SaaSLLMError, TimeoutError } from '../errors/index.js';
import { errorContext, type Call, type Policy } from './call.js';
import type { Observer } from '../observability/observer.js';
import type { ResolvedOptions } from '../options/resolved.js';
import type { RetrySafety } from '../endpoints/endpoint.js';
import { planDelay } from './backoff.js';
import type { RetryBudgetLike } from './retry-budget.js';
import { sleep } from '../base/timers.js';
import { traceRetry } from '../observability/tracing.js';

/**
 * Whether repeating `error` is worthwhile and safe for this call. An ambiguous failure (the server may
 * have done the work) is repeated only where a repeat cannot charge twice, unless the caller opts in.
 */
export function isSafeToRetry(error: SaaSLLMError, safety: RetrySafety, retryAmbiguous: boolean): boolean {
  if (!error.retryable || error instanceof CircuitOpenError) return false;
  return error.sendState !== 'ambiguous' || safety !== 'billed' || retryAmbiguous;
}

/** A breaker as the retry loop sees it: would it refuse this call now? */
export interface OpenCheck {
  isOpenFor(call: Call): boolean;
}

export class RetryPolicy implements Policy {
  readonly #options: ResolvedOptions;
  readonly #observer: Observer;
  readonly #budget: RetryBudgetLike | undefined;
  readonly #breakers: readonly OpenCheck[];

  constructor(options: ResolvedOptions, observer: Observer, budget: RetryBudgetLike | undefined, breakers: readonly OpenCheck[]) {
    this.#options = options;
    this.#observer = observer;
    this.#budget = budget;
    this.#breakers = breakers;
  }

  async execute<T>(call: Call, next: () => Promise<T>): Promise<T> {
    const { maxRetries } = call.options;
    const attempt = async () => {
      const result = await next();
      this.#budget?.recordSuccess(call.options.waitUntil);
      return result;
    };
    try {
      return await attempt();
    } catch (error) {
      // Most calls succeed at once: the retry loop is entered only after a failure worth retrying.
      if (maxRetries <= 0 || !(await this.#beforeRetry(call, error as Error, 1))) throw error;
    }
    // An aborted loop ends with the signal's own reason: the pipeline classifies it (RequestAbortedError, or
    // TimeoutError at the deadline) as it does any rejection.
    return pRetry(attempt, {
      // p-retry owns the loop: counting attempts, and stopping it once the caller aborts or the deadline
      // passes (both abort `waitSignal`), with no decision or attempt after that.
      retries: maxRetries - 1,
      signal: call.waitSignal,
      // The wait is ours, planned in #beforeRetry, because p-retry cannot make it: a server's Retry-After
      // replaces the backoff; a wait that would end past the deadline is not started at all (p-retry would
      // sleep up to the deadline and try once more); and the jitter draws from the client's `random`.
      // `maxRetryTime` is not set: the deadline is already `signal`, one clock. `shouldConsumeRetry` is
      // not used: every repeat counts (a new key's extra attempt is the key-refresh policy's, not a retry).
      minTimeout: 0,
      shouldRetry: ({ error, attemptNumber }) => this.#beforeRetry(call, error, attemptNumber + 1),
    });
  }

  /** Decide, then wait; resolving true means "attempt again". */
  async #beforeRetry(call: Call, error: Error, attemptNumber: number): Promise<boolean> {
    if (!(error instanceof SaaSLLMError)) return false;
    if (error.ambiguous && call.spec.reconciled) {
      // The caller reads the server's record first (jobs/reconcile.ts): a blind repeat could charge twice.
      this.#observer.log('info', 'not retried blind: the SDK asks the server what happened', { ...call.info, attempt: attemptNumber, errorCode: error.code });
      return false;
    }
    if (!isSafeToRetry(error, call.spec.safety, call.options.retryAmbiguous)) {
      if (error.retryable && error.ambiguous) {
        this.#observer.log('info', 'not retried: the server may have processed the request', { ...call.info, attempt: attemptNumber, errorCode: error.code });
      }
      return false;
    }
    if (this.#breakers.some((breaker) => breaker.isOpenFor(call))) {
      // The last failure opened the breaker: stop here and report what the server said.
      this.#observer.log('info', 'not retried: the circuit breaker opened', { ...call.info, attempt: attemptNumber, errorCode: error.code });
      return false;
    }
    const remainingMs = call.deadline?.remainingMs;
    const plan = planDelay(error, attemptNumber - 1, this.#options.retry, this.#options.random, Date.now(), remainingMs);
    if (plan.kind === 'give-up') {
      this.#observer.log('info', `not retried: ${plan.reason}`, { ...call.info, attempt: attemptNumber, errorCode: error.code, requestedMs: plan.requestedMs });
      return false;
    }
    // A job's completion does not draw on the budget: one per job, and an open job is the worst outcome.
    if (this.#budget && call.spec.safety !== 'lifecycle' && !(await this.#budget.tryAcquire(error instanceof TimeoutError))) {
      this.#observer.log('warn', 'not retried: retry budget exhausted', { ...call.info, attempt: attemptNumber, errorCode: error.code });
      return false;
    }
    this.#observer.retrying({ ...call.info, attempt: attemptNumber, delayMs: plan.delayMs, reason: error.code, error });
    traceRetry(call.span, attemptNumber, plan.delayMs, error.code);
    try {
      await sleep(plan.delayMs, call.waitSignal);
    } catch {
      throw this.#interruptedWait(call, error);
    }
    return true;
  }

  #interruptedWait(call: Call, last: SaaSLLMError): SaaSLLMError {
    if (call.options.signal?.aborted) {
      return new RequestAbortedError(`${call.where} was aborted by the caller while waiting to retry.`, { ...errorContext(call), cause: last });
    }
    return new TimeoutError(`${call.where} exceeded its deadline of ${call.options.deadlineMs} ms while waiting to retry.`, {
      ...errorContext(call),
      timeoutMs: call.options.deadlineMs ?? 0,
      phase: 'deadline',
      cause: last,
    });
  }
}
