/**
 * Every timer the SDK starts goes through here, and each is cleared when its call settles, so none
 * outlives its work. Guards (attempt timeouts, deadlines) are unref'd: the request they guard keeps the
 * process alive. A retry wait is not: it is work the caller awaits, and an unref'd one lets Node exit in
 * the middle of a retry with the caller's await unsettled.
 */

type Handle = ReturnType<typeof setTimeout>;

/** Start a timer; returns its cancel function. Unless `keepAlive`, it does not hold the process open. */
export function startTimer(ms: number, onFire: () => void, keepAlive = false): () => void {
  const handle: Handle = setTimeout(onFire, Math.max(0, ms));
  if (!keepAlive) (handle as { unref?: () => void }).unref?.();
  return () => clearTimeout(handle);
}

/** Resolve after `ms` (holding the process open meanwhile), or reject with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = startTimer(
      ms,
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      true,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** An AbortController that aborts itself after `ms`. */
export class TimeoutController {
  readonly #controller = new AbortController();
  readonly #cancel: () => void;
  readonly #endsAt: number;
  #fired = false;
  readonly ms: number;

  constructor(ms: number) {
    this.ms = ms;
    this.#endsAt = Date.now() + ms;
    this.#cancel = startTimer(ms, () => {
      this.#fired = true;
      this.#controller.abort(new DOMException(`timed out after ${ms} ms`, 'TimeoutError'));
    });
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Time left before it fires. */
  get remainingMs(): number {
    return Math.max(0, this.#endsAt - Date.now());
  }

  /** Whether the timer ran out (as opposed to being cleared). */
  get fired(): boolean {
    return this.#fired;
  }

  clear(): void {
    this.#cancel();
  }
}

/**
 * A signal that aborts when any of `signals` does: `AbortSignal.any` where the runtime has it, else a
 * controller that follows each (Vercel's edge-runtime has no `AbortSignal.any`; without this, a call with
 * a signal or a deadline failed before it was sent).
 */
export function anySignal(signals: readonly AbortSignal[]): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any(signals as AbortSignal[]);
  const controller = new AbortController();
  const aborted = signals.find((signal) => signal.aborted);
  if (aborted !== undefined) {
    controller.abort(aborted.reason);
    return controller.signal;
  }
  const follow = (event: Event) => {
    for (const signal of signals) signal.removeEventListener('abort', follow);
    controller.abort((event.target as AbortSignal).reason);
  };
  for (const signal of signals) signal.addEventListener('abort', follow);
  return controller.signal;
}

/** Milliseconds from a monotonic clock where the runtime has one (`performance.now()`), else the wall clock. */
export function monotonicNow(): number {
  const clock = (globalThis as { performance?: { now(): number } }).performance;
  return clock === undefined ? Date.now() : clock.now();
}
