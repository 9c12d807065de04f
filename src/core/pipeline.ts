/**
 * The only place that orders the stages of a call:
 *
 *   request spec → policies (retry → circuit breaker) → attempt: transport → classify → read → result | typed error
 *
 * A policy wraps the rest of the stack, so adding one touches neither the client methods nor the attempt.
 */
import { SaaSLLMError, type ErrorContext } from '../errors/index.js';
import type { CallOptions, ResolvedOptions } from '../options/types.js';
import type { CallInfo } from '../observability/hooks.js';
import type { Observer } from '../observability/observer.js';
import { TimeoutController } from '../policies/timers.js';
import type { Transport } from '../transport/ky.js';
import { classifyFailure, type AttemptSignals } from '../classify/failure.js';
import { errorFromResponse } from '../classify/response.js';
import type { RequestSpec } from './request.js';

/** State of one logical call, shared by its attempts and the policies around them. */
export interface Call {
  readonly spec: RequestSpec<unknown>;
  readonly info: CallInfo;
  readonly options: CallOptions;
  /** Bounds the whole call; fires `TimeoutError` with phase `deadline`. */
  readonly deadline: TimeoutController;
  /** Aborts on the caller's signal or the deadline: what waits between attempts listen to. */
  readonly waitSignal: AbortSignal;
  /** Attempts started so far. */
  attempts: number;
  /** Describes the call in messages: `chat() POST /api/jobs/{job_id}/llm-call`. */
  readonly where: string;
  /** Status of the last response received. */
  lastStatus: number | undefined;
}

/** The context every error of `call` is built with. */
export function errorContext(call: Call): ErrorContext {
  return { ...call.info, attempts: Math.max(call.attempts, 1) };
}

/** A stage around the attempt. */
export interface Policy {
  execute<T>(call: Call, next: () => Promise<T>): Promise<T>;
}

export class Pipeline {
  readonly #options: ResolvedOptions;
  readonly #transport: Transport;
  readonly #observer: Observer;
  readonly #policies: readonly Policy[];
  readonly #redact: (text: string) => string;

  constructor(options: ResolvedOptions, transport: Transport, observer: Observer, policies: readonly Policy[]) {
    this.#options = options;
    this.#transport = transport;
    this.#observer = observer;
    this.#policies = policies;
    this.#redact = (text) => options.virtualKey.redact(text);
  }

  async execute<T>(spec: RequestSpec<T>, options: CallOptions): Promise<T> {
    const { info } = spec;
    const deadline = new TimeoutController(options.deadlineMs);
    const call: Call = {
      spec: spec as RequestSpec<unknown>,
      info,
      options,
      deadline,
      waitSignal: options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal,
      attempts: 0,
      where: `${info.operation}() ${info.method} ${info.endpoint}`,
      lastStatus: undefined,
    };
    const startedAt = performance.now();
    try {
      const run = this.#policies.reduceRight<() => Promise<T>>(
        (next, policy) => () => policy.execute(call, next),
        () => this.#attempt(call, spec),
      );
      const result = await run();
      this.#observer.callEnded(info, call.lastStatus, undefined, performance.now() - startedAt);
      return result;
    } catch (error) {
      const failure = classifyFailure(error, this.#signals(call, undefined));
      this.#observer.callEnded(info, call.lastStatus, failure, performance.now() - startedAt);
      this.#observer.log('error', `${call.where} failed`, { ...info, attempt: call.attempts, status: (failure as { status?: number }).status, errorCode: failure.code });
      this.#observer.hook('onError', { ...info, attempts: call.attempts, error: failure });
      throw failure;
    } finally {
      deadline.clear();
    }
  }

  async #attempt<T>(call: Call, spec: RequestSpec<T>): Promise<T> {
    if (call.options.signal?.aborted) throw classifyFailure(call.options.signal.reason, this.#signals(call, undefined));
    call.attempts += 1;
    const attempt = call.attempts;
    const timer = new TimeoutController(call.options.timeoutMs);
    const headers = this.#headers(call);
    const startedAt = performance.now();
    // Log fields and hook states cost allocations per attempt: build them only when someone listens.
    if (this.#observer.logs('debug')) this.#observer.log('debug', 'request', { ...call.info, attempt });
    if (this.#observer.hooked('onRequest')) this.#observer.hook('onRequest', { ...call.info, attempt, url: spec.url, headers });
    try {
      const response = await this.#transport({
        url: spec.url,
        method: call.info.method,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: AbortSignal.any([call.waitSignal, timer.signal]),
      });
      const latencyMs = Math.round(performance.now() - startedAt);
      call.lastStatus = response.status;
      if (this.#observer.logs('debug')) this.#observer.log('debug', 'response', { ...call.info, attempt, status: response.status, latencyMs });
      if (this.#observer.hooked('onResponse')) this.#observer.hook('onResponse', { ...call.info, attempt, status: response.status, latencyMs });
      if (!response.ok) {
        throw errorFromResponse({
          status: response.status,
          statusText: response.statusText,
          bodyText: this.#redact(await response.text()),
          headers: response.headers,
          context: errorContext(call),
          now: Date.now(),
        });
      }
      return await spec.read(response, { info: call.info, attempts: attempt });
    } catch (error) {
      throw classifyFailure(error, this.#signals(call, timer));
    } finally {
      timer.clear();
    }
  }

  #signals(call: Call, attempt: TimeoutController | undefined): AttemptSignals {
    return { caller: call.options.signal, deadline: call.deadline, attempt, where: call.where, context: errorContext(call), redact: this.#redact };
  }

  #headers(call: Call): Record<string, string> {
    const { spec } = call;
    const headers: Record<string, string> = {
      ...this.#options.headers,
      ...call.options.headers,
      accept: spec.accept,
      'x-request-id': call.info.requestId,
    };
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    if (spec.authenticated) headers.authorization = this.#options.virtualKey.authorization();
    return headers;
  }
}
