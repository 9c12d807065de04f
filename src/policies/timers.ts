/**
 * Every timer the SDK starts goes through here so that none keeps a finished process alive (unref in
 * Node) and each is cleared when its call settles.
 */

type Handle = ReturnType<typeof setTimeout>;

/** Start a timer that does not hold the process open; returns its cancel function. */
export function startTimer(ms: number, onFire: () => void): () => void {
  const handle: Handle = setTimeout(onFire, Math.max(0, ms));
  (handle as { unref?: () => void }).unref?.();
  return () => clearTimeout(handle);
}

/** Resolve after `ms`, or reject with the signal's reason as soon as it aborts. */
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
    const cancel = startTimer(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** An AbortController that aborts itself after `ms` (never, when `ms` is undefined). */
export class TimeoutController {
  readonly #controller = new AbortController();
  readonly #cancel: () => void;
  #fired = false;

  constructor(readonly ms: number | undefined) {
    this.#cancel =
      ms === undefined
        ? () => {}
        : startTimer(ms, () => {
            this.#fired = true;
            this.#controller.abort(new DOMException(`timed out after ${ms} ms`, 'TimeoutError'));
          });
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Whether the timer ran out (as opposed to being cleared). */
  get fired(): boolean {
    return this.#fired;
  }

  clear(): void {
    this.#cancel();
  }
}
