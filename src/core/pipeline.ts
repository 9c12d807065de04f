/**
 * The only place that orders the stages of a call:
 *
 *   request spec → policies (retry → circuit breaker) → attempt: transport → classify → read → result | typed error
 *
 * A policy wraps the rest of the stack, so adding one touches neither the client methods nor the attempt.
 */
import { errorFromResponse, RequestAbortedError, SaaSLLMError } from '../errors.js';
import type { ResolvedOptions, RequestOptions } from '../options.js';
import type { CallInfo } from '../observability/hooks.js';
import type { Observer } from '../observability/observer.js';
import { TimeoutController } from '../policies/timers.js';
import type { Transport } from '../transport/ky.js';
import { classifyFailure } from './classify.js';
import { buildUrl, type RequestSpec } from './request.js';

/** State of one logical call, shared by its attempts and the policies around them. */
export interface Call {
  readonly spec: RequestSpec<unknown>;
  readonly info: CallInfo;
  readonly options: RequestOptions;
  /** The caller's signal. */
  readonly signal: AbortSignal | undefined;
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

/** A stage around the attempt. */
export interface Policy {
  execute<T>(call: Call, next: () => Promise<T>): Promise<T>;
}

export class Pipeline {
  readonly #options: ResolvedOptions;
  readonly #transport: Transport;
  readonly #observer: Observer;
  readonly #policies: readonly Policy[];

  constructor(options: ResolvedOptions, transport: Transport, observer: Observer, policies: readonly Policy[]) {
    this.#options = options;
    this.#transport = transport;
    this.#observer = observer;
    this.#policies = policies;
  }

  async execute<T>(spec: RequestSpec<T>, options: RequestOptions = {}): Promise<T> {
    const info: CallInfo = {
      requestId: globalThis.crypto.randomUUID(),
      operation: spec.operation,
      method: spec.method,
      endpoint: spec.endpoint,
      jobId: spec.jobId,
    };
    const deadline = new TimeoutController(options.deadlineMs ?? this.#options.deadlineMs);
    const waitSignal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
    const call: Call = {
      spec: spec as RequestSpec<unknown>,
      info,
      options,
      signal: options.signal,
      deadline,
      waitSignal,
      attempts: 0,
      where: `${spec.operation}() ${spec.method} ${spec.endpoint}`,
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
      const failure = this.#finalise(error, call);
      this.#observer.callEnded(info, call.lastStatus, failure, performance.now() - startedAt);
      this.#observer.log('error', `${call.where} failed`, {
        ...info,
        attempt: call.attempts,
        status: (failure as { status?: number }).status,
        errorCode: failure.code,
      });
      this.#observer.hook('onError', { ...info, attempts: call.attempts, error: failure });
      throw failure;
    } finally {
      deadline.clear();
    }
  }

  async #attempt<T>(call: Call, spec: RequestSpec<T>): Promise<T> {
    if (call.signal?.aborted) {
      throw new RequestAbortedError(`${call.where} was aborted by the caller.`, { cause: call.signal.reason });
    }
    call.attempts += 1;
    const attempt = call.attempts;
    const timeoutMs = call.options.timeoutMs ?? this.#options.timeouts[spec.timeout];
    const timer = new TimeoutController(timeoutMs);
    const signals = { caller: call.signal, deadline: call.deadline, attempt: timer };
    const url = buildUrl(this.#options.origin, spec);
    const headers = this.#headers(call);
    const startedAt = performance.now();
    // Log fields and hook states cost allocations per attempt: build them only when someone listens.
    if (this.#observer.logs('debug')) this.#observer.log('debug', 'request', { ...call.info, attempt });
    if (this.#observer.hooked('onRequest')) this.#observer.hook('onRequest', { ...call.info, attempt, url, headers });
    try {
      const response = await this.#transport({
        url,
        method: spec.method,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: AbortSignal.any([call.waitSignal, timer.signal]),
      });
      const latencyMs = Math.round(performance.now() - startedAt);
      call.lastStatus = response.status;
      if (this.#observer.logs('debug')) this.#observer.log('debug', 'response', { ...call.info, attempt, status: response.status, latencyMs });
      if (this.#observer.hooked('onResponse')) this.#observer.hook('onResponse', { ...call.info, attempt, status: response.status, latencyMs });
      if (!response.ok) {
        const bodyText = this.#options.virtualKey.redact(await response.text());
        throw errorFromResponse({ ...call.info, status: response.status, statusText: response.statusText, bodyText, headers: response.headers });
      }
      return await spec.read(response, { info: call.info, attempts: attempt });
    } catch (error) {
      throw classifyFailure(error, signals, call.where);
    } finally {
      timer.clear();
    }
  }

  #headers(call: Call): Record<string, string> {
    const { spec } = call;
    const headers: Record<string, string> = {
      ...this.#options.headers,
      ...call.options.headers,
      accept: spec.accept ?? 'application/json',
      'x-request-id': call.info.requestId,
    };
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    if (spec.authenticated) headers.authorization = this.#options.virtualKey.authorization();
    return headers;
  }

  /** Stamp the call's context on the error, and keep the key out of its message. */
  #finalise(error: unknown, call: Call): SaaSLLMError {
    const failure = error instanceof SaaSLLMError ? error : classifyFailure(error, { caller: call.signal, deadline: call.deadline, attempt: new TimeoutController(undefined) }, call.where);
    failure.requestId ??= call.info.requestId;
    failure.operation ??= call.info.operation;
    failure.method ??= call.info.method;
    failure.endpoint ??= call.info.endpoint;
    failure.jobId ??= call.info.jobId;
    failure.attempts = Math.max(call.attempts, 1);
    failure.message = this.#options.virtualKey.redact(failure.message);
    return failure;
  }
}
