/**
 * The SDK's side of shared state: every operation bounded by a time limit, and any failure turned into
 * "decide alone" (undefined) so that a Redis that is down or slow never fails a call. After a failure the
 * store is left alone for `recheckMs`, then tried again; the loss and the recovery are logged once each.
 */
import type { Observer } from '../observability/observer.js';
import type { SharedState } from '../options/shared-state.js';

export interface GuardOptions {
  /** Longest wait for one operation. */
  timeoutMs: number;
  /** After a failure, how long to decide alone before trying the store again. */
  recheckMs: number;
}

/** Hands a promise the SDK does not wait for to the platform (a Worker's `ctx.waitUntil`). */
export type WaitUntil = ((promise: Promise<unknown>) => void) | undefined;

export class SharedStateGuard {
  readonly state: SharedState;
  readonly #observer: Observer;
  readonly #options: GuardOptions;
  #downUntil = 0;
  #down = false;

  constructor(state: SharedState, observer: Observer, options: GuardOptions) {
    this.state = state;
    this.#observer = observer;
    this.#options = options;
  }

  /** Whether the store is being used (false while the SDK decides alone). */
  get available(): boolean {
    return !this.#down || Date.now() >= this.#downUntil;
  }

  /**
   * Run `operation` on the store without waiting for it (a write nothing depends on), handing it to
   * `waitUntil` so that a platform that stops work with the response lets it finish.
   */
  detach(what: string, operation: (state: SharedState) => Promise<unknown>, waitUntil: WaitUntil): void {
    const running = this.run(what, operation);
    waitUntil?.(running);
  }

  /** Run `operation` on the store; undefined when it failed, timed out, or the store is resting. */
  async run<T>(what: string, operation: (state: SharedState) => Promise<T>): Promise<T | undefined> {
    if (this.#down && Date.now() < this.#downUntil) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const pending = operation(this.state);
    // A late rejection of an operation we stopped waiting for is not the caller's.
    pending.catch(() => {});
    try {
      const result = await Promise.race([
        pending,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${this.#options.timeoutMs} ms`)), this.#options.timeoutMs);
        }),
      ]);
      if (this.#down) {
        this.#down = false;
        this.#observer.log('info', 'shared state is back: the fleet shares its breaker, budgets and completions again', { operation: what });
      }
      return result;
    } catch (error) {
      if (!this.#down) this.#observer.log('warn', `shared state unavailable (${(error as Error).message}): each process decides alone until it is back`, { operation: what });
      this.#down = true;
      this.#downUntil = Date.now() + this.#options.recheckMs;
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
