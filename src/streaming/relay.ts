/**
 * Passing a stream on: `toEventStream()` turns a ChatStream into SSE bytes (normalised chunks, then
 * `[DONE]`, or one final error frame), and `ChatStream.fromEventStream()` reads such bytes back into a
 * ChatStream in a browser or another service, with the same iteration, helpers and typed errors.
 */
import { InvalidRequestError, SaaSLLMError } from '../errors/index.js';
import { DEFAULT_END_GRACE_MS, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUTS } from '../options/defaults.js';
import type { ChatCompletionChunk } from './normalize.js';
import type { ChatStreamInit } from './stream-init.js';
import { monotonicNow } from '../base/timers.js';

/** Options of `ChatStream.fromEventStream()`. */
export interface FromEventStreamOptions {
  /** Stops reading with `RequestAbortedError`. */
  signal?: AbortSignal;
  /** The whole stream. @default 120000 */
  timeoutMs?: number;
  /** Longest silence in data. @default the timeout */
  idleTimeoutMs?: number;
}

const encoder = new TextEncoder();
const frame = (payload: unknown) => encoder.encode(`data: ${JSON.stringify(payload)}\n\n`);

/**
 * The chunks `next` hands out as SSE bytes. A failure becomes one last frame,
 * `{"error": {"name", "code", "message", "partialContent"}}`, with the key taken out by `redact`.
 */
export function eventBytes(
  next: () => Promise<IteratorResult<ChatCompletionChunk>>,
  onCancel: () => void,
  partial: () => string,
  redact: (text: string) => string,
): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const result = await next();
        if (result.done) {
          controller.enqueue(encoder.encode('data: [DONE]\n\n'));
          controller.close();
          return;
        }
        // The provider's own payload stays behind: the other side needs the normalised chunk only.
        const { raw: _raw, ...chunk } = result.value;
        controller.enqueue(frame(chunk));
      } catch (error) {
        const { name, code, message } = error instanceof SaaSLLMError ? error : { name: 'Error', code: 'stream_error', message: String(error) };
        controller.enqueue(encoder.encode(redact(`data: ${JSON.stringify({ error: { name, code, message, partialContent: partial() } })}\n\n`)));
        controller.close();
      }
    },
    cancel() {
      onCancel();
    },
  });
}

/** Everything a ChatStream needs to read a relayed event stream (no client: no key, no hooks, no metrics). */
export function relayInit(body: ReadableStream<Uint8Array> | Response, given: FromEventStreamOptions | undefined): ChatStreamInit {
  const options = given === undefined ? {} : checkRelayOptions(given);
  if (!(body instanceof Response) && !(body instanceof ReadableStream)) {
    throw new InvalidRequestError('fromEventStream(): `body` must be a ReadableStream or a Response (e.g. `await fetch(url)`).', {
      operation: 'fromEventStream',
      issues: [{ path: 'body', message: 'must be a ReadableStream or a Response' }],
    });
  }
  const response = body instanceof Response ? body : new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUTS.stream;
  return {
    response,
    info: { requestId: response.headers.get('x-request-id') ?? globalThis.crypto.randomUUID(), operation: 'fromEventStream', method: 'GET', endpoint: '(relay)', jobId: undefined },
    attempts: 1,
    signal: options.signal,
    remainingMs: timeoutMs,
    budget: { kind: 'stream-total', ms: timeoutMs },
    idleTimeoutMs: options.idleTimeoutMs ?? timeoutMs,
    endGraceMs: DEFAULT_END_GRACE_MS,
    maxEventBytes: DEFAULT_MAX_RESPONSE_BYTES,
    // Already normalised by toEventStream: no provider's own shape to read.
    dialects: [],
    redact: (text) => text,
    onEnd: undefined,
    startedAt: monotonicNow(),
    onFailure: undefined,
  };
}

/** setTimeout's limit: a longer delay fires at once. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The relay's three options, checked by hand: the reading side of a chat runs in a page, and zod (what
 * checks every other option) would be most of its bundle.
 */
function checkRelayOptions(given: unknown): FromEventStreamOptions {
  const issues: Array<{ path: string; message: string }> = [];
  if (typeof given !== 'object' || given === null) issues.push({ path: 'options', message: 'must be an object' });
  else {
    const { signal, timeoutMs, idleTimeoutMs } = given as Record<string, unknown>;
    // Duck-typed: a signal from another realm (jsdom, a polyfill) is still a signal.
    if (signal !== undefined && (typeof signal !== 'object' || signal === null || typeof (signal as AbortSignal).aborted !== 'boolean' || typeof (signal as AbortSignal).addEventListener !== 'function')) {
      issues.push({ path: 'options.signal', message: 'must be an AbortSignal' });
    }
    for (const [name, value] of [['timeoutMs', timeoutMs], ['idleTimeoutMs', idleTimeoutMs]] as const) {
      if (value === undefined) continue;
      if (typeof value !== 'number' || !Number.isFinite(value)) issues.push({ path: `options.${name}`, message: 'must be a finite number of milliseconds' });
      else if (value <= 0) issues.push({ path: `options.${name}`, message: 'must be positive' });
      else if (value > MAX_TIMER_MS) issues.push({ path: `options.${name}`, message: `must be at most ${MAX_TIMER_MS} ms` });
    }
  }
  if (issues.length === 0) return given as FromEventStreamOptions;
  const summary = issues.map((issue) => `\`${issue.path}\` ${issue.message}`).join('; ');
  throw new InvalidRequestError(`fromEventStream(): invalid input: ${summary}. Nothing was sent.`, { issues, operation: 'fromEventStream' });
}
