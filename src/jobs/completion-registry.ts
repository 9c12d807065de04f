import type { CompleteStatus } from '../schemas/common.js';

const MAX_REMEMBERED = 10_000;

/** What this client knows of a job's completion. */
export interface CompletionClaim {
  status: CompleteStatus;
  /** `sending`: on its way; `done`: the server has it; `unknown`: its answer was lost and the server could not be asked. */
  state: 'sending' | 'done' | 'unknown';
}

/**
 * Job ids this client completed (or is completing). The server charges again for a `completed` that
 * follows any other completion of the job, so a job is completed at most once per client; a completion
 * whose outcome is unknown keeps its claim until the server's record settles it. Bounded: the oldest ids
 * are forgotten past 10,000.
 */
export class CompletionRegistry {
  readonly #claims = new Map<string, CompletionClaim>();

  /** Claim `jobId` for completing as `status`; returns the earlier claim if there is one (nothing changes then). */
  claim(jobId: string, status: CompleteStatus): CompletionClaim | undefined {
    const key = jobId.toLowerCase();
    const previous = this.#claims.get(key);
    if (previous !== undefined) return previous;
    this.#claims.set(key, { status, state: 'sending' });
    if (this.#claims.size > MAX_REMEMBERED) {
      const oldest = this.#claims.keys().next().value;
      if (oldest !== undefined) this.#claims.delete(oldest);
    }
    return undefined;
  }

  /** What the job's claim is now (after a completion settled, or when its outcome became unknown). */
  set(jobId: string, claim: CompletionClaim): void {
    this.#claims.set(jobId.toLowerCase(), claim);
  }

  /** The completion did not reach the server: allow another attempt. */
  release(jobId: string): void {
    this.#claims.delete(jobId.toLowerCase());
  }

  has(jobId: string): boolean {
    return this.#claims.has(jobId.toLowerCase());
  }
}
