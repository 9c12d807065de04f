/**
 * The one place events leave the SDK: each event is redacted once, then logged and passed to the hooks
 * (and counted by the metrics). Hooks are not awaited: a slow hook must not slow a call.
 */
import { APIError, type SaaSLLMError } from '../errors/index.js';
import type { CallInfo, CircuitState, Hooks, RetryHookState, StreamEndHookState } from './hooks.js';
import { MetricsRecorder } from './metrics.js';
import { LEVEL_RANK, type LogFields, type Logger, type LogLevel } from './logger.js';
import { redact, type KeyRedactor } from './redact.js';

type HookName = keyof Hooks;
type HookState<N extends HookName> = Parameters<NonNullable<Hooks[N]>>[0];

/** What the Observer reads of the client's options (and nothing else). */
export interface ObserverSettings {
  readonly logger: Logger | undefined;
  readonly logLevel: LogLevel;
  readonly hooks: Readonly<Hooks>;
  /** Takes the key out of everything that leaves. */
  readonly virtualKey: KeyRedactor;
}

export class Observer {
  readonly #options: ObserverSettings;
  readonly #logger: Logger | undefined;
  readonly #minRank: number;
  /** Counts every call; read through `client.metrics()`. */
  readonly metrics = new MetricsRecorder();

  constructor(options: ObserverSettings) {
    this.#options = options;
    this.#logger = options.logger;
    this.#minRank = LEVEL_RANK[options.logLevel];
  }

  /** Whether anything listens at `level` (lets callers skip building fields). */
  logs(level: LogLevel): boolean {
    return this.#logger !== undefined && LEVEL_RANK[level] >= this.#minRank;
  }

  log(level: LogLevel, message: string, fields: LogFields): void {
    if (!this.logs(level)) return;
    try {
      this.#logger?.[level](this.#options.virtualKey.redact(message), redact(fields, this.#options.virtualKey));
    } catch {
      // A broken logger must not break a call.
    }
  }

  /** A logical call ended: count it (its final status, or the error code when no response came). */
  callEnded(info: CallInfo, status: number | undefined, error: SaaSLLMError | undefined, durationMs: number): void {
    const outcome = error instanceof APIError && error.status !== undefined ? String(error.status) : error !== undefined ? error.code : String(status ?? 0);
    this.metrics.callEnded(info.endpoint, { status: outcome, errorCode: error?.code }, durationMs);
  }

  /** Another attempt will follow after `state.delayMs`. */
  retrying(state: RetryHookState): void {
    this.metrics.retried(state.endpoint);
    if (this.logs('warn')) {
      const { error: _error, ...fields } = state;
      this.log('warn', `retrying in ${state.delayMs} ms after ${state.reason}`, { ...fields, errorCode: state.reason });
    }
    this.hook('onRetry', state);
  }

  /** A stream ended: count it, log it (`warn` when it failed) and tell `onStreamEnd`. */
  streamEnded(state: StreamEndHookState): void {
    const { outcome, error } = state;
    this.metrics.streamEnded(state.endpoint, outcome);
    const level = outcome === 'failed' ? 'warn' : 'info';
    if (this.logs(level)) {
      const { requestId, operation, method, endpoint, jobId, chunkCount, finishReason, durationMs } = state;
      this.log(level, `stream ${outcome}`, { requestId, operation, method, endpoint, jobId, chunkCount, finishReason, latencyMs: durationMs, errorCode: error?.code });
    }
    this.hook('onStreamEnd', state);
  }

  /** A breaker changed state: the server's (`model` undefined) or one model's. */
  circuitChanged(previous: CircuitState, state: CircuitState, model: string | undefined): void {
    if (model !== undefined) {
      this.log(state === 'open' ? 'warn' : 'info', `circuit breaker for model ${model} ${state}`, { previous, state, model });
      this.hook('onCircuitStateChange', { previous, state, model });
      return;
    }
    if (state === 'open') this.metrics.circuitOpened();
    this.log(state === 'open' ? 'warn' : 'info', `circuit breaker ${state}`, { previous, state });
    this.hook('onCircuitStateChange', { previous, state });
  }

  /** Whether a hook is installed (lets the hot path skip building its state). */
  hooked(name: HookName): boolean {
    return this.#options.hooks[name] !== undefined;
  }

  /** Call a hook with a redacted copy of `state`; errors and rejections are logged, never thrown. */
  hook<N extends HookName>(name: N, state: HookState<N>): void {
    const hook = this.#options.hooks[name] as ((state: HookState<N>) => void | Promise<void>) | undefined;
    if (hook === undefined) return;
    const report = (error: unknown) =>
      this.log('warn', `hook ${name} threw; ignored`, { hook: name, error: error instanceof Error ? error.message : String(error) });
    try {
      const result = hook(redact(state, this.#options.virtualKey));
      if (result && typeof (result as Promise<void>).then === 'function') (result as Promise<void>).then(undefined, report);
    } catch (error) {
      report(error);
    }
  }
}
