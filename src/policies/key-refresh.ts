/**
 * A key from a `virtualKey` function: before each attempt the function is asked for it (it caches), and
 * when the server answers 401 the function is asked once more and a new key gets one more attempt (a 401
 * was never processed, so the attempt repeats nothing). Innermost in the stack, so that the extra attempt
 * is the same attempt to the retry loop, the breakers and the rate limit (none of them counts a 401).
 */
import { AuthenticationError, InvalidRequestError, SaaSLLMError } from '../errors/index.js';
import { errorContext, type Call, type Policy } from './call.js';
import type { VirtualKey } from '../base/secret.js';

/** Ask the `virtualKey` function (through `ask`); its failure is a local, typed one, its text without the key. */
async function askForKey<K>(call: Call, key: VirtualKey, ask: () => Promise<K>): Promise<K> {
  try {
    return await ask();
  } catch (error) {
    if (error instanceof SaaSLLMError) throw error;
    const reason = key.redact(error instanceof Error ? error.message : String(error));
    throw new InvalidRequestError(`${call.where} was not sent: the \`virtualKey\` function failed (${reason}).`, {
      ...errorContext(call),
      issues: [{ path: 'virtualKey', message: 'the function failed' }],
    });
  }
}

export class KeyRefreshPolicy implements Policy {
  readonly #key: VirtualKey;

  constructor(key: VirtualKey) {
    this.#key = key;
  }

  async execute<T>(call: Call, next: () => Promise<T>): Promise<T> {
    if (!call.spec.authenticated) return next();
    await askForKey(call, this.#key, () => this.#key.ensure());
    try {
      return await next();
    } catch (error) {
      if (!(error instanceof AuthenticationError) || call.keyRefreshed === true) throw error;
      call.keyRefreshed = true;
      if (!(await askForKey(call, this.#key, () => this.#key.refresh()))) throw error;
      return next();
    }
  }
}
