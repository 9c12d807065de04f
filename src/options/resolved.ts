/**
 * The options the stages read: the client's after defaults and environment (ResolvedOptions), and each
 * call's after the client's defaults (CallOptions). resolve.ts builds them from types.ts's user options.
 */
import type { VirtualKey } from '../base/secret.js';
import type { Hooks } from '../observability/hooks.js';
import type { Logger, LogLevel } from '../observability/logger.js';
import type { TracerLike } from '../observability/tracing.js';
import type { SharedState } from './shared-state.js';
import type { CircuitBreakerOptions, FetchLike, RateLimitOptions, RetryBudgetOptions, RetryOptions, SharedStateOptions, Timeouts } from './types.js';

/** Options after defaults and environment are applied. */
export interface ResolvedOptions {
  /** The API origin, without `/api`. */
  readonly origin: string;
  readonly teamId: string;
  readonly virtualKey: VirtualKey;
  readonly timeouts: Readonly<Timeouts>;
  readonly deadlineMs: number | undefined;
  readonly retry: Readonly<RetryOptions>;
  readonly retryBudget: Readonly<RetryBudgetOptions> | false;
  readonly maxResponseBytes: number;
  readonly circuitBreaker: Readonly<CircuitBreakerOptions> | false;
  readonly rateLimit: Readonly<RateLimitOptions> | false;
  readonly fallbackModels: readonly string[];
  readonly tracer: TracerLike | undefined;
  readonly sharedState: SharedState | undefined;
  readonly sharedStateOptions: Readonly<Required<SharedStateOptions>>;
  /** The given fetch, or one that looks up the global fetch per request (so msw installed later applies). */
  readonly fetch: FetchLike;
  readonly headers: Readonly<Record<string, string>>;
  /** The given logger, the console logger when `SAAS_LITELLM_LOG` is set, or none. */
  readonly logger: Logger | undefined;
  readonly logLevel: LogLevel;
  readonly hooks: Readonly<Hooks>;
  readonly random: () => number;
  readonly reconcile: boolean;
  readonly waitUntil: ((promise: Promise<unknown>) => void) | undefined;
}

/** One call's options after the client's defaults are applied: what the pipeline and the policies read. */
export interface CallOptions {
  readonly signal: AbortSignal | undefined;
  /** Per-attempt timeout (for a stream, its whole time). */
  readonly timeoutMs: number;
  readonly deadlineMs: number | undefined;
  readonly maxRetries: number;
  readonly retryAmbiguous: boolean;
  readonly headers: Readonly<Record<string, string>> | undefined;
  readonly fallbackModels: readonly string[];
  readonly reconcile: boolean;
  readonly waitUntil: ((promise: Promise<unknown>) => void) | undefined;
}

/** A stream call's options after defaults. */
export interface StreamCallOptions extends CallOptions {
  readonly idleTimeoutMs: number;
  readonly endGraceMs: number;
  readonly autoFailJob: boolean;
}
