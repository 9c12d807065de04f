import type { CompleteStatus } from '../schemas/common.js';

const MAX_REMEMBERED = 10_000;

/**
 * Job ids this client completed (or is completing). The server charges again for `completed` after a
 * `failed` that followed a `completed`, so a job is completed at most once per client. Bounded: the
 * oldest ids are forgotten past 10,000.
 */
export class CompletionRegistry {
  readonly #completed = new Map<string, CompleteStatus>();

  /** Record `jobId` as completing; returns the earlier status if it was already claimed. */
  claim(jobId: string, status: CompleteStatus): CompleteStatus | undefined {
    const key = jobId.toLowerCase();
    const previous = this.#completed.get(key);
    if (previous !== undefined) return previous;
    this.#completed.set(key, status);
    if (this.#completed.size > MAX_REMEMBERED) {
      const oldest = this.#completed.keys().next().value;
      if (oldest !== undefined) this.#completed.delete(oldest);
    }
    return undefined;
  }

  /** The completion did not reach the server: allow another attempt. */
  release(jobId: string): void {
    this.#completed.delete(jobId.toLowerCase());
  }

  has(jobId: string): boolean {
    return this.#completed.has(jobId.toLowerCase());
  }
}
