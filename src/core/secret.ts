const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const REDACTED = '[redacted]';
const MIN_REDACTABLE = 6;

/**
 * Holds the virtual key. The value sits in a private field, which neither `JSON.stringify`, `util.inspect`
 * nor string conversion can reach; only the transport asks for the header.
 */
export class VirtualKey {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The `Authorization` header value. */
  authorization(): string {
    return `Bearer ${this.#value}`;
  }

  /** Replace every occurrence of the key in a text (for messages that might echo it back). */
  redact(text: string): string {
    // A very short "key" (tests, typos) would match ordinary words; real keys are long.
    return this.#value.length < MIN_REDACTABLE ? text : text.split(this.#value).join(REDACTED);
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [INSPECT](): string {
    return `VirtualKey(${REDACTED})`;
  }
}

export { INSPECT, REDACTED };
