/**
 * Builds the stack once per client (options → observer → policies → pipeline) and makes calls through
 * it from endpoint records: check the input, build the request spec, resolve the call's options, run.
 */
import type * as z from 'zod';
import type { Endpoint, ResponseOf } from '../endpoints/index.js';
import type { SaaSLLMError } from '../errors/index.js';
import { Observer } from '../observability/observer.js';
import { resolveCallOptions, resolveStreamOptions } from '../options/resolve.js';
import type { RequestOptions, ResolvedOptions, StreamOptions } from '../options/types.js';
import { CircuitBreakerPolicy } from '../policies/circuit-breaker.js';
import { RetryBudget } from '../policies/retry-budget.js';
import { RetryPolicy } from '../policies/retry.js';
import type { ChatStream } from '../streaming/chat-stream.js';
import { streamReader } from '../streaming/stream-reader.js';
import { createKyTransport } from '../transport/ky.js';
import { jsonReader } from './parse.js';
import { Pipeline, type Policy } from './pipeline.js';
import { requestSpec } from './request.js';
import { checkInput } from './validate.js';

export class Caller {
  readonly options: ResolvedOptions;
  readonly observer: Observer;
  /** The client's breaker; undefined when turned off. */
  readonly breaker: CircuitBreakerPolicy | undefined;
  readonly #pipeline: Pipeline;

  constructor(options: ResolvedOptions) {
    this.options = options;
    this.observer = new Observer(options);
    const { retryBudget, circuitBreaker } = options;
    this.breaker = circuitBreaker === false ? undefined : new CircuitBreakerPolicy(circuitBreaker, this.observer);
    const budget = retryBudget === false ? undefined : new RetryBudget(retryBudget);
    const retry = new RetryPolicy(options, this.observer, budget, this.breaker);
    const policies: Policy[] = this.breaker ? [retry, this.breaker] : [retry];
    this.#pipeline = new Pipeline(options, createKyTransport(options.origin, options.fetch), this.observer, policies);
  }

  /** Check `args` against the record's input schema; `InvalidRequestError` naming each bad field. */
  check(record: Endpoint, args: Record<string, unknown>): Record<string, unknown> {
    return checkInput(record.input, args, record.operation, this.observer);
  }

  /** A JSON call of `record` with arguments already checked. */
  send<E extends Endpoint>(record: E, input: Record<string, unknown>, options: RequestOptions | undefined): Promise<ResponseOf<E>> {
    const read = jsonReader(record.response as z.ZodType<ResponseOf<E>>);
    return this.#pipeline.execute(requestSpec(record, input, this.options.teamId, read), resolveCallOptions(this.options, record.timeout, options));
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
   * before a failed stream of a job throws, unless the caller opted out (`autoFailJob: false`).
   */
  async stream(
    record: Endpoint,
    args: Record<string, unknown>,
    options: StreamOptions | undefined,
    autoFail: (jobId: string, error: SaaSLLMError) => Promise<void>,
  ): Promise<ChatStream> {
    const input = this.check(record, args);
    const callOptions = resolveStreamOptions(this.options, options);
    const { jobId } = input;
    const read = streamReader({
      options: callOptions,
      observer: this.observer,
      redact: (text) => this.options.virtualKey.redact(text),
      onFailure: typeof jobId === 'string' && callOptions.autoFailJob ? (error) => autoFail(jobId, error) : undefined,
    });
    return this.#pipeline.execute(requestSpec(record, input, this.options.teamId, read), callOptions);
  }
}
