/**
 * The options users write: the client's (`new SaaSLLMClient(options)`) and each call's. Their defaults
 * live in defaults.ts; resolve.ts turns them into the fully-defaulted objects the stages read.
 */
import type * as z from 'zod/mini';
import type { VirtualKeyProvider } from '../base/secret.js';
import type { Hooks } from '../observability/hooks.js';
import type { Logger, LogLevel } from '../observability/logger.js';
import type { SharedState } from './shared-state.js';
import type { TracerLike } from '../observability/tracing.js';

/** A `fetch`-compatible function (the global one, undici's, a proxy's, or a test double). */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Per-attempt timeouts in ms, by endpoint family. */
export interface Timeouts {
  /** POST /api/jobs/create. @default 10000 */
  create: number;
  /** GET /api/jobs/{job_id}. @default 10000 */
  get: number;
  /** POST /api/jobs/{job_id}/llm-call (the server may retry a provider for minutes). @default 60000 */
  llmCall: number;
  /** POST /api/jobs/{job_id}/complete. @default 30000 */
  complete: number;
  /** POST /api/jobs/create-and-call. @default 60000 */
  createAndCall: number;
  /**
   * Streams (`chatStream`, `createAndCallStream`): the whole stream, from the call to the end of the
   * body, in one budget. The real server sends nothing until the answer is fully generated.
   * @default 120000
   */
  stream: number;
  /** Streams: the longest silence in the answer's data (keep-alive comments do not count). @default the `stream` timeout */
  streamIdle: number;
  /** Everything else. @default 30000 */
  default: number;
}

/** Retry policy. */
export interface RetryOptions {
  /** Retries after the first attempt (0 turns retrying off). @default 3 */
  maxRetries: number;
  /** Delay before the first retry, doubled each time. @default 1000 */
  baseDelayMs: number;
  /** Longest wait between attempts; a `Retry-After` asking for more throws at once instead. @default 32000 */
  maxDelayMs: number;
  /** Random spread of each delay, ± this fraction. @default 0.25 */
  jitter: number;
  /**
   * Also retry `chat`/`createAndCall` after an ambiguous failure (timeout or reset after sending). A repeat
   * may be a second billed provider call.
   * @default false
   */
  retryAmbiguous: boolean;
}

/**
 * A client-side rate limit for the team: a token bucket applied to every attempt before it is sent (a
 * job's completion excepted). With `sharedState` the bucket is the fleet's.
 */
export interface RateLimitOptions {
  /** Sustained requests per second. */
  requestsPerSecond: number;
  /** Requests that may go at once after a quiet spell. @default requestsPerSecond rounded up */
  burst?: number;
}

/** How the client uses `sharedState`. */
export interface SharedStateOptions {
  /** Longest wait for one operation on the shared state before deciding alone. @default 250 */
  timeoutMs?: number;
  /** After a failed operation, how long each process decides alone before trying the store again. @default 1000 */
  recheckMs?: number;
}

/** Retry budget: retries spend tokens that successes refill, so an outage cannot multiply load. */
export interface RetryBudgetOptions {
  /** Bucket size. @default 500 */
  capacity: number;
  /** Tokens one retry costs. @default 5 */
  retryCost: number;
  /** Tokens a retry after a timeout costs. @default 10 */
  timeoutRetryCost: number;
  /** Tokens a success returns. @default 1 */
  successRefill: number;
}

/** Circuit breaker (one per client). */
export interface CircuitBreakerOptions {
  /** Consecutive retryable failures that open the breaker. @default 5 */
  failureThreshold: number;
  /** How long the breaker stays open before one probe is let through. @default 60000 */
  resetTimeoutMs: number;
  /** Error rate (percent) over the rolling window that also opens it... @default 50 */
  errorThresholdPercentage: number;
  /** ...once the window holds at least this many calls. @default 20 */
  volumeThreshold: number;
  /** Length of the rolling window. @default 10000 */
  rollingWindowMs: number;
}

/** Options of `new SaaSLLMClient(...)`. */
export interface ClientOptions {
  /**
   * Origin of the API, e.g. `https://api.example.com`; the SDK adds `/api`. A trailing `/api` is tolerated.
   * @default process.env.SAAS_LITELLM_API_URL (also when given as undefined)
   */
  baseUrl?: string | undefined;
  /** The team the virtual key belongs to. @default process.env.SAAS_LITELLM_TEAM_ID (also when given as undefined) */
  teamId?: string | undefined;
  /**
   * The team's virtual key, or a function returning it (sync or async) for keys that rotate: the SDK asks
   * for it when the one it holds is older than `virtualKeyCacheMs`, and once more after a 401, retrying
   * that request once when the key changed. Never printed, logged, serialised or put in an error (every
   * key seen is redacted).
   * @default process.env.SAAS_LITELLM_VIRTUAL_KEY (also when given as undefined, e.g. `process.env.KEY` unset)
   * @example
   * new SaaSLLMClient({ virtualKey: () => secrets.get('saas-litellm-key'), virtualKeyCacheMs: 60_000 });
   */
  virtualKey?: string | VirtualKeyProvider | undefined;
  /** How long a key from a `virtualKey` function is used before asking again. @default 300000 (5 min) */
  virtualKeyCacheMs?: number;
  /** Per-endpoint per-attempt timeouts in ms. */
  timeouts?: Partial<Timeouts>;
  /** Bound on a whole call, all attempts and waits included. @default undefined (none) */
  deadlineMs?: number;
  /** Retry policy, or `false` for none. */
  retry?: Partial<RetryOptions> | false;
  /** Retry budget, or `false` for none. */
  retryBudget?: Partial<RetryBudgetOptions> | false;
  /** Circuit breaker, or `false` for none. */
  circuitBreaker?: Partial<CircuitBreakerOptions> | false;
  /**
   * Models to try in turn when an LLM call fails with a provider failure (`500 LLM call failed`, after its
   * retries) or its model's breaker is open: within the call's deadline, each fallback drawing on the retry
   * budget like a retry. An ambiguous failure is not re-sent to another model unless `retryAmbiguous`. The
   * answer says which model answered (`metadata.model`) and which failed first (`fallbackFrom`).
   * @default [] (none)
   * @example
   * new SaaSLLMClient({ fallbackModels: ['sdk-chat', 'sdk-claude'] });
   */
  fallbackModels?: string[];
  /**
   * An OpenTelemetry tracer (`trace.getTracer('my-service')` from `@opentelemetry/api`): one client span
   * per call (`saas_llm.<operation>`, ended when a stream ends) with HTTP and GenAI attributes, an event
   * per retry, and a W3C `traceparent` header on every request. Never the key or message content.
   * @default undefined (no spans)
   */
  tracer?: TracerLike;
  /**
   * A client-side rate limit for the team, or `false` for none: attempts over it wait for a token within
   * their deadline, or fail with `RateLimitError` (`retryAfterMs`) without being sent.
   * @default false
   */
  rateLimit?: RateLimitOptions | false;
  /**
   * State shared by every process of a fleet (`createRedisSharedState` from `saas-litellm/redis`): the
   * server breaker, the retry budget, the rate limit and the completed jobs become the fleet's. When it
   * fails or is slow, each process decides alone (logged once) until it answers again.
   * @example
   * import { createClient } from 'redis';
   * import { createRedisSharedState } from 'saas-litellm/redis';
   * const redis = await createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true }).connect();
   * const client = new SaaSLLMClient({ sharedState: createRedisSharedState({ client: redis, keyPrefix: 'billing-api' }) });
   */
  sharedState?: SharedState;
  /** How the client uses `sharedState`. */
  sharedStateOptions?: SharedStateOptions;
  /**
   * Largest JSON or error body, and largest single stream event, read from the server; past it the read
   * stops, the connection is closed and the call fails with `ResponseTooLargeError`.
   * @default 10485760 (10 MiB)
   */
  maxResponseBytes?: number;
  /** Custom fetch (tests, edge runtimes, proxies). @default globalThis.fetch */
  fetch?: FetchLike;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** Receives structured log events, already redacted. @default silent, or console when SAAS_LITELLM_LOG is set */
  logger?: Logger;
  /** Lowest level passed to the logger. @default 'info' with a logger, else SAAS_LITELLM_LOG */
  logLevel?: LogLevel;
  /** Observers called with one state object per event; a throwing hook never breaks a call. */
  hooks?: Hooks;
  /** Random source in [0, 1) for jitter (inject for deterministic tests). @default Math.random */
  random?: () => number;
  /**
   * After an ambiguous failure (a timeout or reset after the request was written) of a request that
   * creates a job — `createJob`, `withJob`, `createAndCall`, `createAndCallStream` — ask the server what
   * happened instead of guessing: each such request carries a reference the SDK made (a UUID in the job's
   * metadata under `saas_litellm_ref`), and the SDK looks for it among the team's newest jobs. A job found
   * is adopted (`createJob`) or reported (`AnswerLostError` for a paid answer that was lost); a job not
   * found is created again, with the same reference. `false` sends no reference and retries `createJob`
   * blind (an orphan PENDING job per lost answer). Completing a job is always settled from the server's
   * record, whatever this says.
   * @default true
   */
  reconcile?: boolean;
  /**
   * Receives every promise the SDK leaves running after a call settles (a fleet's writes to shared state, the
   * closing of a stream its consumer left), for platforms that stop a request's work once its response is
   * sent: pass a Worker's or a Vercel function's `waitUntil`. A client built at module scope has no request
   * context: pass it per call instead.
   * @default none (the work runs on its own)
   * @example
   * export default {
   *   async fetch(request, env, ctx) {
   *     const stream = await client.createAndCallStream(params, { waitUntil: (promise) => ctx.waitUntil(promise) });
   *     return new Response(stream.toEventStream(), { headers: { 'content-type': 'text/event-stream' } });
   *   },
   * };
   */
  waitUntil?: (promise: Promise<unknown>) => void;
}

/** Options every method takes last. */
export interface RequestOptions {
  /** Cancels the call, including a pending retry wait. */
  signal?: AbortSignal;
  /** Per-attempt timeout for this call. */
  timeoutMs?: number;
  /** Bound on the whole call, attempts and waits included. */
  deadlineMs?: number;
  /** Retries for this call (0 turns retrying off). */
  maxRetries?: number;
  /** See {@link RetryOptions.retryAmbiguous}. */
  retryAmbiguous?: boolean;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
  /** Models to try in turn after a provider failure or an open model breaker (LLM calls only). @default the client's `fallbackModels` */
  fallbackModels?: string[];
  /** See {@link ClientOptions.reconcile} (calls that create a job). @default the client's `reconcile` */
  reconcile?: boolean;
  /** See {@link ClientOptions.waitUntil}. @default the client's `waitUntil` */
  waitUntil?: (promise: Promise<unknown>) => void;
}

/** Options of `structuredOutput`. */
export interface StructuredOutputOptions extends RequestOptions {
  /** The `json_schema.name` sent to the provider: 1-64 letters, digits, `_` or `-`. @default 'response' */
  schemaName?: string;
  /**
   * zod's JSON Schema export, needed only with a `zod/mini` schema (`import { toJSONSchema } from
   * 'zod/mini'`); a classic schema uses its own `.toJSONSchema()`. The SDK does not import zod's JSON
   * Schema generator, so apps that never use structured output do not bundle it.
   * @default the schema's own `toJSONSchema` method
   * @example
   * import { object, enum as oneOf, toJSONSchema } from 'zod/mini';
   * const Priority = object({ priority: oneOf(['low', 'high']) });
   * await client.structuredOutput(jobId, { model: 'sdk-chat', messages }, Priority, { toJSONSchema });
   */
  toJSONSchema?: (schema: z.core.$ZodType, params: { target: 'draft-7'; io: 'output'; unrepresentable: 'any' }) => unknown;
}

/** Options of `chatStream` and `createAndCallStream`. `timeoutMs` bounds the whole stream. */
export interface StreamOptions extends RequestOptions {
  /** Longest silence between two pieces of the body. @default `timeouts.streamIdle` (the stream's total timeout) */
  idleTimeoutMs?: number;
  /**
   * After the end marker, how long to keep reading for a late error frame before finishing the stream as
   * complete and releasing the connection (a proxy's keep-alive or a slow teardown can hold it open).
   * @default 2000
   */
  endGraceMs?: number;
  /**
   * For `chatStream`: when the stream fails (error frame, interruption, stall), complete the job as
   * `failed` with the reason before throwing, so no job is left open. Aborting is not a failure.
   * @default true
   */
  autoFailJob?: boolean;
}
