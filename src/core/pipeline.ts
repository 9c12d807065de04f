/**
 * The only place that orders the stages of a call:
 *
 *   request spec → policies (retry → circuit breaker) → attempt: transport → classify → read → result | typed error
 *
 * A policy wraps the rest of the stack, so adding one touches neither the client methods nor the attempt.
 * A call that succeeds at once pays for one timer and one signal: the deadline and a combined signal
 * exist only when the caller set a deadline or passed a signal.
 */
import type { CallOptions, ResolvedOptions } from '../options/resolved.js';
import { describeCall } from '../observability/hooks.js';
import type { Observer } from '../observability/observer.js';
import { anySignal, monotonicNow, TimeoutController } from '../base/timers.js';
import type { Transport, TransportRequest } from '../transport/ky.js';
import { classifyFailure, type AttemptSignals } from '../classify/failure.js';
import { redactHeaders } from '../classify/headers.js';
import { errorFromResponse } from '../classify/response.js';
import { readBoundedText } from '../transport/read-body.js';
import { urlOf } from './request.js';
import { errorContext, type Call, type Policy, type RequestSpec } from '../policies/call.js';
import { endCallSpan, markCallSpan, startCallSpan, traceparent } from '../observability/tracing.js';

export class Pipeline {
  readonly #options: ResolvedOptions;
  readonly #transport: Transport;
  readonly #observer: Observer;
  readonly #run: <T>(call: Call) => Promise<T>;
  readonly #redact: (text: string) => string;

  constructor(options: ResolvedOptions, transport: Transport, observer: Observer, policies: readonly Policy[]) {
    this.#options = options;
    this.#transport = transport;
    this.#observer = observer;
    this.#redact = (text) => options.virtualKey.redact(text);
    // The stack is composed once; each call runs through it.
    this.#run = policies.reduceRight<<T>(call: Call) => Promise<T>>(
      (next, policy) => (call) => policy.execute(call, () => next(call)),
      (call) => this.#attempt(call),
    );
  }

  async execute<T>(spec: RequestSpec<T>, options: CallOptions): Promise<T> {
    const { info } = spec;
    const deadline = options.deadlineMs === undefined ? undefined : new TimeoutController(options.deadlineMs);
    const waitSignal = options.signal && deadline ? anySignal([options.signal, deadline.signal]) : (options.signal ?? deadline?.signal);
    const span = this.#options.tracer === undefined ? undefined : startCallSpan(this.#options.tracer, info, spec.model);
    const call: Call = { spec: spec as RequestSpec<unknown>, info, options, deadline, waitSignal, attempts: 0, where: describeCall(info), lastStatus: undefined, span };
    const startedAt = monotonicNow();
    try {
      const result = await this.#run<T>(call);
      this.#observer.callEnded(info, call.lastStatus, undefined, monotonicNow() - startedAt);
      // A stream's span ends with the stream.
      if (span !== undefined && spec.accept === 'text/event-stream') markCallSpan(span, call.lastStatus, call.attempts);
      else if (span !== undefined) endCallSpan(span, { status: call.lastStatus, attempts: call.attempts, result });
      return result;
    } catch (error) {
      const failure = classifyFailure(error, this.#signals(call, undefined));
      if (span !== undefined) endCallSpan(span, { status: call.lastStatus, attempts: call.attempts, error: failure });
      this.#observer.callEnded(info, call.lastStatus, failure, monotonicNow() - startedAt);
      this.#observer.log('error', `${call.where} failed`, { ...info, attempt: call.attempts, status: (failure as { status?: number }).status, errorCode: failure.code });
      this.#observer.hook('onError', { ...info, attempts: call.attempts, error: failure });
      throw failure;
    } finally {
      deadline?.clear();
    }
  }

  async #attempt<T>(call: Call): Promise<T> {
    const spec = call.spec as RequestSpec<T>;
    if (call.options.signal?.aborted) throw classifyFailure(call.options.signal.reason, this.#signals(call, undefined));
    call.attempts += 1;
    const attempt = call.attempts;
    const timer = new TimeoutController(call.options.timeoutMs);
    const headers = this.#headers(call);
    const startedAt = monotonicNow();
    // Log fields and hook states cost allocations per attempt: build them only when someone listens.
    if (this.#observer.logs('debug')) this.#observer.log('debug', 'request', { ...call.info, attempt });
    if (this.#observer.hooked('onRequest')) this.#observer.hook('onRequest', { ...call.info, attempt, url: urlOf(this.#options.origin, spec), headers });
    let request: TransportRequest | undefined;
    try {
      request = {
        path: spec.path,
        searchParams: spec.query,
        method: call.info.method,
        headers,
        body: spec.body,
        signal: call.waitSignal ? anySignal([call.waitSignal, timer.signal]) : timer.signal,
        sent: false,
      };
      const response = await this.#transport(request);
      call.lastStatus = response.status;
      if (this.#observer.logs('debug') || this.#observer.hooked('onResponse')) {
        const latencyMs = Math.round(monotonicNow() - startedAt);
        this.#observer.log('debug', 'response', { ...call.info, attempt, status: response.status, latencyMs });
        this.#observer.hook('onResponse', { ...call.info, attempt, status: response.status, latencyMs });
      }
      if (!response.ok) {
        throw errorFromResponse({
          status: response.status,
          statusText: response.statusText,
          bodyText: this.#redact(await readBoundedText(response, this.#options.maxResponseBytes, () => ({ ...errorContext(call), where: call.where }))),
          headers: redactHeaders(response.headers, this.#redact),
          context: errorContext(call),
          now: Date.now(),
        });
      }
      return await spec.read(response, { info: call.info, attempts: attempt, span: call.span });
    } catch (error) {
      throw classifyFailure(error, this.#signals(call, timer, request?.sent !== true));
    } finally {
      timer.clear();
    }
  }

  #signals(call: Call, attempt: TimeoutController | undefined, unsent = false): AttemptSignals {
    return { caller: call.options.signal, deadline: call.deadline, attempt, where: call.where, origin: this.#options.origin, context: errorContext(call), redact: this.#redact, unsent };
  }

  #headers(call: Call): Record<string, string> {
    const { spec } = call;
    const headers: Record<string, string> = { ...this.#options.headers, ...call.options.headers, accept: spec.accept, 'x-request-id': call.info.requestId };
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    if (spec.authenticated) headers.authorization = this.#options.virtualKey.authorization();
    if (call.span !== undefined) headers.traceparent = traceparent(call.span);
    return headers;
  }
}
