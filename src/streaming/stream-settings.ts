/**
 * What a ChatStream is built from besides its body: the settings a user may pass to `new ChatStream()`
 * or `ChatStream.fromEventStream()`, checked by hand (the reading side of a chat runs in a page, and zod,
 * which checks every other option, would be most of its bundle), and the setup the stream keeps.
 */
import { InvalidRequestError, type SaaSLLMError } from '../errors/index.js';
import type { CallInfo, StreamEndHookState } from '../observability/hooks.js';
import { DEFAULT_END_GRACE_MS, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUTS } from '../options/defaults.js';
import type { StreamDialect } from './normalize.js';

/** How a stream ended, as told to `onEnd`: read to its end, failed, or stopped by its reader. */
export type StreamOutcome = StreamEndHookState['outcome'];

/**
 * Settings of a stream built from a body: `new ChatStream(body, settings)`, `ChatStream.fromEventStream(body, settings)`.
 * The client's streams get theirs from the call's options.
 */
export interface ChatStreamSettings {
  /** Stops reading with `RequestAbortedError`. */
  signal?: AbortSignal | undefined;
  /** The whole stream, counted from now. @default 120000 */
  timeoutMs?: number | undefined;
  /** Longest silence in data. @default the timeout */
  idleTimeoutMs?: number | undefined;
  /** After the end marker, how long to wait for the body to end (a late error frame) before finishing anyway. @default 2000 */
  endGraceMs?: number | undefined;
  /** Longest single event, in characters (the client's `maxResponseBytes`). @default 10485760 */
  maxEventBytes?: number | undefined;
  /**
   * Provider stream shapes besides OpenAI chunks that this body may carry, e.g. `[ANTHROPIC_DIALECT, GEMINI_DIALECT]`
   * for a route that forwards providers' events unchanged. A relayed stream is already normalised.
   * @default [] (OpenAI chunks only)
   */
  dialects?: readonly StreamDialect[] | undefined;
  /**
   * Told once how the stream ended, with its error when it failed (the stream's `content`, `chunkCount` and
   * `usage` are final by then). A failed stream waits for a returned promise before it throws: the client
   * completes the job as failed there, so the job is closed when the caller sees the error.
   */
  onEnd?: ((outcome: StreamOutcome, error: SaaSLLMError | undefined) => void | Promise<void>) | undefined;
  /** Receives the closing of the connection when the stream stops before its end (a Worker's `ctx.waitUntil`). */
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
  /** The call the stream answers, as its errors name it (the client sets it). */
  call?: (Partial<CallInfo> & { attempts?: number }) | undefined;
  /** Which budget `timeoutMs` is what is left of, as a timeout error names it. @default the stream's own timeout */
  budget?: { kind: 'stream-total' | 'deadline'; ms: number } | undefined;
  /** Takes secrets out of text the server sent (error frames, relayed errors). */
  redact?: ((text: string) => string) | undefined;
}

/** The settings a stream keeps, defaults applied. */
export interface StreamSetup {
  readonly status: number;
  readonly info: CallInfo;
  readonly attempts: number;
  readonly signal: AbortSignal | undefined;
  readonly remainingMs: number;
  readonly budget: { kind: 'stream-total' | 'deadline'; ms: number };
  readonly idleTimeoutMs: number;
  readonly endGraceMs: number;
  readonly maxEventBytes: number;
  readonly dialects: readonly StreamDialect[];
  readonly redact: (text: string) => string;
  readonly onEnd: ChatStreamSettings['onEnd'];
  readonly waitUntil: ChatStreamSettings['waitUntil'];
}

const unchanged = (text: string) => text;

/** The body and settings checked (`InvalidRequestError` naming each bad one, before anything is read), with their defaults. */
export function streamSetup(body: unknown, settings: ChatStreamSettings | undefined): { body: ReadableStream<Uint8Array> | null; setup: StreamSetup } {
  const operation = settings?.call?.operation ?? 'ChatStream';
  const issues = settings === undefined ? [] : settingIssues(settings);
  if (!(body instanceof Response) && !(body instanceof ReadableStream)) issues.unshift({ path: 'body', message: 'must be a ReadableStream or a Response (e.g. `await fetch(url)`)' });
  if (issues.length > 0) {
    const summary = issues.map((issue) => `\`${issue.path}\` ${issue.message}`).join('; ');
    throw new InvalidRequestError(`${operation}(): invalid input: ${summary}. Nothing was read.`, { issues, operation });
  }
  const { call = {}, timeoutMs = DEFAULT_TIMEOUTS.stream } = settings ?? {};
  const response = body instanceof Response ? body : undefined;
  return {
    body: response === undefined ? (body as ReadableStream<Uint8Array>) : response.body,
    setup: {
      status: response?.status ?? 200,
      info: {
        requestId: call.requestId ?? response?.headers.get('x-request-id') ?? globalThis.crypto.randomUUID(),
        operation,
        method: call.method ?? 'GET',
        endpoint: call.endpoint ?? '(stream)',
        jobId: call.jobId,
      },
      attempts: call.attempts ?? 1,
      signal: settings?.signal,
      remainingMs: timeoutMs,
      budget: settings?.budget ?? { kind: 'stream-total', ms: timeoutMs },
      idleTimeoutMs: settings?.idleTimeoutMs ?? timeoutMs,
      endGraceMs: settings?.endGraceMs ?? DEFAULT_END_GRACE_MS,
      maxEventBytes: settings?.maxEventBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      dialects: settings?.dialects ?? [],
      redact: settings?.redact ?? unchanged,
      onEnd: settings?.onEnd,
      waitUntil: settings?.waitUntil,
    },
  };
}

/** setTimeout's limit: a longer delay fires at once. */
const MAX_TIMER_MS = 2_147_483_647;

function settingIssues(given: unknown): Array<{ path: string; message: string }> {
  if (typeof given !== 'object' || given === null) return [{ path: 'options', message: 'must be an object' }];
  const issues: Array<{ path: string; message: string }> = [];
  const settings = given as Record<string, unknown>;
  const { signal } = settings;
  // Duck-typed: a signal from another realm (jsdom, a polyfill) is still a signal.
  if (signal !== undefined && (typeof signal !== 'object' || signal === null || typeof (signal as AbortSignal).aborted !== 'boolean' || typeof (signal as AbortSignal).addEventListener !== 'function')) {
    issues.push({ path: 'options.signal', message: 'must be an AbortSignal' });
  }
  for (const name of ['timeoutMs', 'idleTimeoutMs', 'endGraceMs', 'maxEventBytes'] as const) {
    const value = settings[name];
    if (value === undefined) continue;
    // A stream's total may already be spent (a deadline reached): 0 is allowed there only.
    if (typeof value !== 'number' || !Number.isFinite(value)) issues.push({ path: `options.${name}`, message: `must be a finite number${name === 'maxEventBytes' ? '' : ' of milliseconds'}` });
    else if (value < 0 || (value === 0 && name !== 'timeoutMs' && name !== 'endGraceMs')) issues.push({ path: `options.${name}`, message: 'must be positive' });
    else if (name !== 'maxEventBytes' && value > MAX_TIMER_MS) issues.push({ path: `options.${name}`, message: `must be at most ${MAX_TIMER_MS} ms` });
  }
  for (const name of ['onEnd', 'waitUntil', 'redact'] as const) {
    if (settings[name] !== undefined && typeof settings[name] !== 'function') issues.push({ path: `options.${name}`, message: 'must be a function' });
  }
  if (settings.dialects !== undefined && !Array.isArray(settings.dialects)) issues.push({ path: 'options.dialects', message: 'must be an array of stream dialects' });
  return issues;
}

/** Options of `ChatStream.fromEventStream()`: a stream's settings (a relayed stream reads no provider shapes). */
export type FromEventStreamOptions = Omit<ChatStreamSettings, 'dialects'>;
