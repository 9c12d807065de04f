const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const REDACTED = '[redacted]';
const MIN_REDACTABLE = 6;

/** A function that returns the current virtual key (a secrets manager, a rotation job). */
export type VirtualKeyProvider = () => string | Promise<string>;

/** Keys that may still be echoed back by a server, a proxy or a log: every key seen, up to this many. */
const REMEMBERED_KEYS = 8;

/**
 * Holds the virtual key: a fixed one, or the latest from a provider (asked when the cached one is older
 * than `cacheMs`, and again after a 401). Values sit in private fields, which neither `JSON.stringify`,
 * `util.inspect` nor string conversion can reach; only the transport asks for the header. Every key seen
 * is redacted from texts, so a rotated-out key echoed later is still masked.
 */
export class VirtualKey {
  #value: string | undefined;
  readonly #provider: VirtualKeyProvider | undefined;
  readonly #cacheMs: number;
  readonly #check: (key: unknown) => string;
  readonly #seen: string[] = [];
  #fetchedAt = 0;
  #pending: Promise<string> | undefined;

  /**
   * @param check - turns what a provider returned into a key, or throws `InvalidRequestError` (never echoing it)
   */
  constructor(value: string | VirtualKeyProvider, options: { cacheMs?: number; check?: (key: unknown) => string } = {}) {
    this.#cacheMs = options.cacheMs ?? 0;
    this.#check = options.check ?? ((key) => String(key));
    if (typeof value === 'function') {
      this.#provider = value;
    } else {
      this.#remember(value);
    }
  }

  /** Whether the key comes from a provider (then `ensure()` before `authorization()`). */
  get dynamic(): boolean {
    return this.#provider !== undefined;
  }

  /** Make sure a fresh key is held: asks the provider when the cached key is older than `cacheMs`. */
  async ensure(): Promise<void> {
    if (this.#provider === undefined) return;
    if (this.#value !== undefined && Date.now() - this.#fetchedAt < this.#cacheMs) return;
    await this.#ask();
  }

  /** Ask the provider again (after a 401); true when it returned another key than the one held. */
  async refresh(): Promise<boolean> {
    if (this.#provider === undefined) return false;
    const before = this.#value;
    return (await this.#ask()) !== before;
  }

  /** The `Authorization` header value. */
  authorization(): string {
    return `Bearer ${this.#value ?? ''}`;
  }

  /** Replace every occurrence of any key seen in a text (for messages that might echo one back). */
  redact(text: string): string {
    let out = text;
    // A very short "key" (tests, typos) would match ordinary words; real keys are long.
    for (const key of this.#seen) if (key.length >= MIN_REDACTABLE) out = out.split(key).join(REDACTED);
    return out;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  /** @internal What `util.inspect` shows (Node's hook). */
  [INSPECT](): string {
    return `VirtualKey(${REDACTED})`;
  }

  /** One question to the provider at a time, however many calls need the key. */
  #ask(): Promise<string> {
    this.#pending ??= (async () => {
      try {
        const key = this.#check(await (this.#provider as VirtualKeyProvider)());
        this.#remember(key);
        this.#fetchedAt = Date.now();
        return key;
      } finally {
        this.#pending = undefined;
      }
    })();
    return this.#pending;
  }

  #remember(key: string): void {
    this.#value = key;
    if (!this.#seen.includes(key)) {
      this.#seen.push(key);
      if (this.#seen.length > REMEMBERED_KEYS) this.#seen.shift();
    }
  }
}

export { INSPECT, REDACTED };
