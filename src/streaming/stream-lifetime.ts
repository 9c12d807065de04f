/**
 * How long a stream may read, and how it stops: its body (read eagerly, with the idle timer), the total
 * timer, the end grace, the caller's signal, and the first reason reading stopped. The stream decides
 * what a stop means; this only stops the reading and remembers why.
 */
import { startTimer } from '../base/timers.js';
import { BodyPump } from './body-pump.js';
import type { StopReason } from './stream-errors.js';
import type { StreamSetup } from './stream-settings.js';

export class StreamLifetime {
  /** The first reason reading stopped early, if any. */
  stop: StopReason | undefined;
  readonly #setup: StreamSetup;
  readonly #body: BodyPump;
  readonly #cancelTotal: () => void;
  #cancelGrace: (() => void) | undefined;
  readonly #onCallerAbort = () => this.halt({ kind: 'abort', reason: this.#setup.signal?.reason });
  /** True once the stream reported its end: a stop after that changes nothing. */
  readonly #ended: () => boolean;

  constructor(body: ReadableStream<Uint8Array> | null, setup: StreamSetup, ended: () => boolean) {
    this.#setup = setup;
    this.#ended = ended;
    this.#body = new BodyPump(body, setup.idleTimeoutMs, () => this.halt({ kind: 'stream-idle', ms: setup.idleTimeoutMs }));
    this.#cancelTotal = startTimer(setup.remainingMs, () => this.halt(setup.budget));
    setup.signal?.addEventListener('abort', this.#onCallerAbort, { once: true });
    if (setup.signal?.aborted) this.#onCallerAbort();
  }

  get aborted(): boolean {
    return this.stop?.kind === 'abort';
  }

  /** The next body bytes; undefined at EOF, or at once when the stream was aborted. */
  read(): Promise<Uint8Array | undefined> {
    return this.aborted ? Promise.resolve(undefined) : this.#body.next().then((bytes) => (this.aborted ? undefined : bytes));
  }

  /** The answer is complete: wait a little for EOF (a late error frame), then stop anyway. */
  armGrace(): void {
    this.#cancelGrace ??= startTimer(this.#setup.endGraceMs, () => this.halt({ kind: 'end-grace' }));
  }

  /** Stop reading: a pending read resolves as EOF, and the stream's loop reports why. */
  halt(reason: StopReason): void {
    if (this.#ended() || this.stop !== undefined) return;
    this.stop = reason;
    this.#closing(this.#body.cancel(reason.kind === 'abort' ? reason.reason : reason.kind));
  }

  /** Clear the timers and the listener, and close the connection when reading stopped before EOF. */
  release(): void {
    this.#cancelTotal();
    this.#cancelGrace?.();
    this.#setup.signal?.removeEventListener('abort', this.#onCallerAbort);
    this.#closing(this.#body.cancel());
  }

  /** The connection closing after the stream stopped: work a Worker must be told to wait for. */
  #closing(closed: Promise<void> | undefined): void {
    if (closed !== undefined) this.#setup.waitUntil?.(closed);
  }
}
