/**
 * Builds the stack once per client (options → observer → policies → pipeline) and makes calls through
 * it from endpoint records: check the input, build the request spec, resolve the call's options, run.
 */
import type * as z from 'zod/mini';
import { RequestOptionsSchema, StreamOptionsSchema } from '../options/schemas.js';
import type { Endpoint, ResponseOf } from '../endpoints/index.js';
import { RequestAbortedError, type SaaSLLMError } from '../errors/index.js';
import { Observer } from '../observability/observer.js';
import { resolveCallOptions, resolveStreamOptions } from '../options/resolve.js';
import type { RequestOptions, StreamOptions } from '../options/types.js';
import type { CallOptions, ResolvedOptions } from '../options/resolved.js';
import { CircuitBreakerPolicy } from '../policies/circuit-breaker.js';
import { KeyRefreshPolicy } from '../policies/key-refresh.js';
import { ModelBreakers } from '../policies/model-breakers.js';
import { RetryBudget, type RetryBudgetLike } from '../policies/retry-budget.js';
import { RetryPolicy } from '../policies/retry.js';
import { RateLimitPolicy } from '../policies/rate-limit.js';
import type { SharedStateGuard } from '../fleet/guard.js';
import { fleetOf } from '../fleet/fleet.js';
import type { ChatStream } from '../streaming/chat-stream.js';
import { streamReader, type StreamFailureWork } from './stream-reader.js';
import { createKyTransport } from '../transport/ky.js';
import { withFallback } from './fallback.js';
import { jsonReader } from './parse.js';
import { Pipeline } from './pipeline.js';
import { requestSpec } from './request.js';
import type { AttemptResult, Policy } from '../policies/call.js';
import { checkInput } from '../base/validate.js';

export class Caller {
  readonly options: ResolvedOptions;
  readonly observer: Observer;
  /** The client's server breaker; undefined when turned off. */
  readonly breaker: CircuitBreakerPolicy | undefined;
  /** One breaker per model for provider failures; undefined when breakers are turned off. */
  readonly modelBreakers: ModelBreakers | undefined;
  /** The fleet's shared state, guarded (undefined without `sharedState`). */
  readonly shared: SharedStateGuard | undefined;
  readonly #pipeline: Pipeline;
  readonly #redact: (text: string) => string;
  readonly #budget: RetryBudgetLike | undefined;

  constructor(options: ResolvedOptions) {
    this.options = options;
    this.#redact = (text) => options.virtualKey.redact(text);
    this.observer = new Observer(options);
    const { retryBudget, circuitBreaker, rateLimit } = options;
    const observer = this.observer;
    const fleet = fleetOf(options, observer);
    const shared = fleet?.guard;
    this.shared = shared;
    this.breaker = circuitBreaker === false ? undefined : new CircuitBreakerPolicy(circuitBreaker, (previous, state) => observer.circuitChanged(previous, state, undefined), fleet?.breaker);
    this.modelBreakers = circuitBreaker === false ? undefined : new ModelBreakers(circuitBreaker, (model, previous, state) => observer.circuitChanged(previous, state, model));
    const localBudget = retryBudget === false ? undefined : new RetryBudget(retryBudget);
    const budget = localBudget && fleet ? fleet.budget(localBudget) : localBudget;
    this.#budget = budget;
    const breakers = this.breaker && this.modelBreakers ? [this.breaker, this.modelBreakers] : [];
    const retry = new RetryPolicy(options, this.observer, budget, breakers);
    // Innermost: an attempt the breaker refuses takes no token.
    const limit = rateLimit === false ? [] : [new RateLimitPolicy(rateLimit, options.teamId, fleet?.tokens)];
    // Innermost of all: a new key's extra attempt is part of the same attempt to the stages above.
    const keyRefresh = options.virtualKey.dynamic ? [new KeyRefreshPolicy(options.virtualKey)] : [];
    const policies: Policy[] = [retry, ...breakers, ...limit, ...keyRefresh];
    this.#pipeline = new Pipeline(options, createKyTransport(options.origin, options.fetch), this.observer, policies);
  }

  /** Check `args` against the record's input schema; `InvalidRequestError` naming each bad field. */
  check(record: Endpoint, args: Record<string, unknown>): Record<string, unknown> {
    return checkInput(record.input, args, record.operation, this.observer);
  }

  /**
   * Check a call's options against `schema` (`InvalidRequestError` naming the option; `null` is not
   * "no options"). No options at all costs nothing.
   */
  checkOptions<T extends object>(operation: string, schema: z.core.$ZodType, options: T | undefined): T | undefined {
    return options === undefined ? undefined : (checkInput(schema, options, operation, this.observer, 'options') as T);
  }

  /**
   * A JSON call of `record` with arguments already checked (an LLM call falls back to `fallbackModels`).
   * `reconciled`: an ambiguous failure is not repeated; the caller asks the server what happened.
   */
  send<E extends Endpoint>(record: E, input: Record<string, unknown>, options: RequestOptions | undefined, reconciled = false): Promise<ResponseOf<E>> {
    const read = jsonReader(record.response as z.core.$ZodType<ResponseOf<E>>, this.options.maxResponseBytes, this.#redact);
    const callOptions = resolveCallOptions(this.options, record.timeout, this.checkOptions(record.operation, RequestOptionsSchema, options));
    return this.#execute(record, input, callOptions, read, reconciled);
  }

  /** One retry's worth of the retry budget, for a request the SDK adds after a failure (a lookup, a re-send); false when spent. */
  async drawRetry(): Promise<boolean> {
    return this.#budget === undefined ? true : this.#budget.tryAcquire(false);
  }

  /** Check, then send. */
  call<E extends Endpoint>(record: E, args: Record<string, unknown>, options: RequestOptions | undefined): Promise<ResponseOf<E>> {
    try {
      return this.send(record, this.check(record, args), options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * A stream call: resolves with the stream once the server accepted it. `autoFail(jobId, error)` runs
   * before a failed stream of a job throws, unless the caller opted out (`autoFailJob: false`). `prepared`:
   * input already checked, what runs before a single-call stream that failed after it opened throws, and
   * whether an ambiguous failure ends the attempts (the caller then asks the server what happened).
   */
  async stream(
    record: Endpoint,
    args: Record<string, unknown>,
    options: StreamOptions | undefined,
    autoFail: (jobId: string, error: SaaSLLMError) => Promise<void>,
    prepared?: { input: Record<string, unknown>; onFailure: ((error: SaaSLLMError) => Promise<void>) | undefined; reconciled: boolean },
  ): Promise<ChatStream> {
    const input = prepared?.input ?? this.check(record, args);
    const callOptions = resolveStreamOptions(this.options, this.checkOptions(record.operation, StreamOptionsSchema, options));
    const afterFailure = new FailedStreamWork(input.jobId, callOptions.autoFailJob, autoFail, prepared?.onFailure);
    const read = streamReader({ options: callOptions, observer: this.observer, redact: this.#redact, maxResponseBytes: this.options.maxResponseBytes, afterFailure });
    try {
      // Every model is tried before the job is failed.
      return await this.#execute(record, input, callOptions, read, prepared?.reconciled ?? false);
    } catch (error) {
      // Failed before the stream opened: refused, reset, no headers, not an event stream, 429 to the end.
      await afterFailure.run(error as SaaSLLMError, false);
      throw error;
    }
  }

  /** Run the call through the pipeline; an LLM call with `fallbackModels` tries them in turn. */
  #execute<T, O extends CallOptions>(record: Endpoint, input: Record<string, unknown>, options: O, read: (response: Response, attempt: AttemptResult) => Promise<T>, reconciled: boolean): Promise<T> {
    const run = (args: Record<string, unknown>, resolved: O) => this.#pipeline.execute(requestSpec(record, args, this.options.teamId, read, reconciled), resolved);
    if (options.fallbackModels.length === 0 || typeof input.model !== 'string') return run(input, options);
    return withFallback(input, options, { operation: record.operation, budget: this.#budget, observer: this.observer }, run);
  }
}

/**
 * The one place that decides what a failed stream call leaves to do, before its stream opened or after:
 * a job's stream fails its job (no job stays open); a single call's stream that failed once open runs
 * `onFailure` (its lookup); an abort is the caller's choice, not a failure. One object with the four
 * values it needs, built apart from the call's scope: an open stream holds these, not the request's
 * arguments, and no closure of its own.
 */
class FailedStreamWork implements StreamFailureWork {
  constructor(
    readonly jobId: unknown,
    readonly autoFailJob: boolean,
    readonly autoFail: (jobId: string, error: SaaSLLMError) => Promise<void>,
    readonly onFailure: ((error: SaaSLLMError) => Promise<void>) | undefined,
  ) {}

  run(error: SaaSLLMError, opened: boolean): Promise<void> | undefined {
    if (error instanceof RequestAbortedError) return undefined;
    if (typeof this.jobId === 'string') return this.autoFailJob ? this.autoFail(this.jobId, error) : undefined;
    return opened ? this.onFailure?.(error) : undefined;
  }
}
