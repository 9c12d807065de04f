/**
 * OpenTelemetry spans, one per logical call, through any tracer shaped like `@opentelemetry/api`'s (the
 * SDK imports nothing of OpenTelemetry: the shapes below are what it calls). Attributes follow the HTTP
 * and GenAI semantic conventions; never the key, never message content.
 */
import type { SaaSLLMError } from '../errors/index.js';
import type { CallInfo, StreamEndHookState } from './hooks.js';

/** A span attribute's value, as OpenTelemetry takes it. */
export type AttributeValue = string | number | boolean;
/** Span attributes. */
export type Attributes = Record<string, AttributeValue>;

/** The part of an OpenTelemetry `Span` the SDK uses. */
export interface SpanLike {
  setAttribute(key: string, value: AttributeValue): unknown;
  addEvent(name: string, attributes?: Attributes): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  spanContext(): { traceId: string; spanId: string; traceFlags: number };
  end(): void;
}

/** The part of an OpenTelemetry `Tracer` the SDK uses (`trace.getTracer('my-service')`). */
export interface TracerLike {
  startSpan(name: string, options?: { kind?: number; attributes?: Attributes }): SpanLike;
}

// @opentelemetry/api's SpanKind.CLIENT and SpanStatusCode.ERROR, by value (no import at runtime).
const SPAN_KIND_CLIENT = 2;
const STATUS_ERROR = 2;

/** Start the span of a call: `saas_llm.<operation>`, a client span in the active context. */
export function startCallSpan(tracer: TracerLike, info: CallInfo, model: string | undefined): SpanLike {
  const attributes: Attributes = { 'http.request.method': info.method, 'url.template': info.endpoint, 'saas_llm.operation': info.operation };
  if (info.jobId !== undefined) attributes['saas_llm.job_id'] = info.jobId;
  if (model !== undefined) {
    attributes['gen_ai.request.model'] = model;
    attributes['gen_ai.operation.name'] = 'chat';
  }
  return tracer.startSpan(`saas_llm.${info.operation}`, { kind: SPAN_KIND_CLIENT, attributes });
}

/** The W3C `traceparent` of the span, so that the server's side can join the trace. */
export function traceparent(span: SpanLike): string {
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-${(traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/** A retry, as an event on the call's span. */
export function traceRetry(span: SpanLike | undefined, attempt: number, delayMs: number, reason: string): void {
  span?.addEvent('saas_llm.retry', { 'saas_llm.attempt': attempt, 'saas_llm.retry.delay_ms': delayMs, 'saas_llm.retry.reason': reason });
}

/** What the response said of a call: its status and how many attempts it took (a stream's span goes on). */
export function markCallSpan(span: SpanLike, status: number | undefined, attempts: number): void {
  if (status !== undefined) span.setAttribute('http.response.status_code', status);
  span.setAttribute('saas_llm.attempts', attempts);
}

/** End a call's span: its status, attempts, and the model that answered (a JSON answer's `metadata.model`). */
export function endCallSpan(span: SpanLike, outcome: { status: number | undefined; attempts: number; error?: SaaSLLMError | undefined; result?: unknown }): void {
  markCallSpan(span, outcome.status, outcome.attempts);
  const answered = (outcome.result as { metadata?: { model?: unknown } } | undefined)?.metadata?.model;
  if (typeof answered === 'string') span.setAttribute('gen_ai.response.model', answered);
  if (outcome.error !== undefined) fail(span, outcome.error);
  span.end();
}

/** End a stream's span when the stream ends: its outcome, chunks and, when the provider sent it, usage. */
export function endStreamSpan(span: SpanLike, end: Pick<StreamEndHookState, 'outcome' | 'chunkCount' | 'finishReason' | 'error'>, usage: { prompt_tokens?: number; completion_tokens?: number } | undefined): void {
  span.setAttribute('saas_llm.stream.outcome', end.outcome);
  span.setAttribute('saas_llm.stream.chunks', end.chunkCount);
  if (end.finishReason) span.setAttribute('gen_ai.response.finish_reasons', end.finishReason);
  if (usage?.prompt_tokens !== undefined) span.setAttribute('gen_ai.usage.input_tokens', usage.prompt_tokens);
  if (usage?.completion_tokens !== undefined) span.setAttribute('gen_ai.usage.output_tokens', usage.completion_tokens);
  if (end.error !== undefined) fail(span, end.error);
  span.end();
}

function fail(span: SpanLike, error: SaaSLLMError): void {
  span.setAttribute('error.type', error.code);
  // The code, not the message: a message may quote what the server said.
  span.setStatus({ code: STATUS_ERROR, message: error.code });
}
