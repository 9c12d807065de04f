/**
 * How long a stream may read, and how it stops: its body (read eagerly), the total and idle limits, the
 * end grace, the caller's signal, and the first reason reading stopped. The stream decides what a stop
 * means; this only stops the reading and remembers why.
 *
 * One timer per stream, for whichever limit comes first. Data moving the idle limit only writes a
 * number; the timer, when it fires early, sets itself again for the limit that is now first. Not one
 * timer for all streams: workerd cancels a request's timers when that request ends, so a timer shared
 * with a stream of another request could vanish, and a silent stream would never time out.
 */
import { monotonicNow } from '../base/timers.js';
import { BodyPump, type BodyWatcher } from './body-pump.js';
import type { StopReason } from './stream-errors.js';
import type { StreamSetup } from './stream-settings.js';

type Handle = ReturnType<typeof setTimeout>;

/** The timer's callback, shared by every stream (the stream rides as its argument, no closure each). */
function onTimer(lifetime: StreamLifetime): void {
  lifetime.check();
}

export class StreamLifetime implements BodyWatcher {
  /** The first reason reading stopped early, if any. */
  stop: StopReason | undefined;
  readonly #setup: StreamSetup;
  readonly #body: BodyPump;
  /** The limits, on `monotonicNow()`'s clock; Infinity when not set. */
  readonly #totalAt: number;
  #idleAt: number;
  #graceAt = Infinity;
  #timer: Handle | undefined;
  #timerAt = Infinity;
  /** True once the stream reported its end: a stop after that changes nothing. */
  #ended = false;

  constructor(body: ReadableStream<Uint8Array> | null, setup: StreamSetup) {
    this.#setup = setup;
    const now = monotonicNow();
    this.#totalAt = now + setup.remainingMs;
    this.#idleAt = body === null ? Infinity : now + setup.idleTimeoutMs;
    this.#body = new BodyPump(body, this);
    this.#arm(now);
    setup.signal?.addEventListener('abort', this, { once: true });
    if (setup.signal?.aborted) this.handleEvent();
  }

  get aborted(): boolean {
    return this.stop?.kind === 'abort';
  }

  /** The next body bytes; undefined at EOF, or at once when the stream was aborted (bytes that come after an abort: see `aborted`). */
  read(): Promise<Uint8Array | undefined> {
    return this.aborted ? Promise.resolve(undefined) : this.#body.next();
  }

  /** Data arrived from the network (a keep-alive comment does not count): the idle limit moves. */
  sawData(): void {
    this.#idleAt = monotonicNow() + this.#setup.idleTimeoutMs;
  }

  /** The body ended: silence is no longer idleness (the consumer may simply not have read yet). */
  bodyEnded(): void {
    this.#idleAt = Infinity;
  }

  /** The answer is complete: wait a little for EOF (a late error frame), then stop anyway. */
  armGrace(): void {
    if (this.#graceAt !== Infinity) return;
    const now = monotonicNow();
    this.#graceAt = now + this.#setup.endGraceMs;
    this.#arm(now);
  }

  /** The caller's signal fired (the lifetime listens as an object, so no closure per stream). */
  handleEvent(): void {
    this.halt({ kind: 'abort', reason: this.#setup.signal?.reason });
  }

  /** The timer fired: stop for the limit that passed, or set the timer for the one now first. */
  check(): void {
    this.#timer = undefined;
    // The timer fired, so its time has come even on a clock that a test's fake timers do not move.
    const now = Math.max(monotonicNow(), this.#timerAt);
    this.#timerAt = Infinity;
    // A silent stream whose idle and total limits coincide reports the silence.
    if (now >= this.#idleAt) this.halt({ kind: 'stream-idle', ms: this.#setup.idleTimeoutMs });
    else if (now >= this.#totalAt) this.halt(this.#setup.budget);
    else if (now >= this.#graceAt) this.halt({ kind: 'end-grace' });
    else if (!this.#ended && this.stop === undefined) this.#arm(now);
  }

  /** Stop reading: a pending read resolves as EOF, and the stream's loop reports why. */
  halt(reason: StopReason): void {
    if (this.#ended || this.stop !== undefined) return;
    this.stop = reason;
    this.#closing(this.#body.cancel(reason.kind === 'abort' ? reason.reason : reason.kind));
  }

  /** The stream is reporting its end: from now on a stop changes nothing. */
  settle(): void {
    this.#ended = true;
  }

  /** The stream reported its end: clear the timer and the listener, and close the connection when reading stopped before EOF. */
  release(): void {
    this.#ended = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#setup.signal?.removeEventListener('abort', this);
    this.#closing(this.#body.cancel());
  }

  /** Set the timer for the first limit, unless it is already set for it. Unref'd: the body's read keeps the process alive. */
  #arm(now: number): void {
    const at = Math.min(this.#idleAt, this.#totalAt, this.#graceAt);
    if (at >= this.#timerAt || at === Infinity) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(onTimer, Math.max(0, at - now), this);
    (this.#timer as { unref?: () => void }).unref?.();
  }

  /** The connection closing after the stream stopped: work a Worker must be told to wait for. */
  #closing(closed: Promise<void> | undefined): void {
    if (closed !== undefined) this.#setup.waitUntil?.(closed);
  }
}
