/**
 * Completing jobs, at most once per client: the server charges again for `completed` after a `failed`
 * that followed a `completed`, so a second completion of a job this client completed is refused locally.
 */
import type { Caller } from '../core/caller.js';
import { ENDPOINTS } from '../endpoints/index.js';
import { InvalidRequestError } from '../errors/index.js';
import type { RequestOptions } from '../options/types.js';
import type { CompleteStatus } from '../schemas/common.js';
import type { CompleteJobResponse } from '../schemas/jobs.js';
import type { CompleteJobOptions } from '../schemas/requests.js';
import { CompletionRegistry } from './completion-registry.js';

export class Completions {
  readonly #caller: Caller;
  readonly #registry = new CompletionRegistry();

  constructor(caller: Caller) {
    this.#caller = caller;
  }

  /**
   * Send `/complete` unless this client (or, with shared state, any process of the fleet) already
   * completed the job: then `InvalidRequestError`, nothing sent.
   */
  async complete(jobId: string, status: CompleteStatus, extra: CompleteJobOptions, options: RequestOptions | undefined): Promise<CompleteJobResponse> {
    const record = ENDPOINTS.completeJob;
    const input = this.#caller.check(record, { ...extra, jobId, status });
    const previous = this.#registry.claim(jobId, status);
    if (previous !== undefined) throw alreadyCompleted(jobId, previous, 'this client');
    const shared = this.#caller.shared;
    const elsewhere = shared === undefined ? undefined : await shared.run('completions', (state) => state.claimCompletion(jobId, status));
    if (elsewhere !== undefined && elsewhere !== null) {
      this.#registry.release(jobId);
      throw alreadyCompleted(jobId, elsewhere, 'another process of the fleet');
    }
    try {
      return await this.#caller.send(record, input, options);
    } catch (error) {
      this.#registry.release(jobId);
      if (elsewhere === null) void shared?.run('completions', (state) => state.releaseCompletion(jobId));
      throw error;
    }
  }

  /** Complete unless this client already did (then resolve false: a second completion can charge twice). */
  async completeOnce(jobId: string, status: CompleteStatus, errorMessage?: string): Promise<boolean> {
    if (this.#registry.has(jobId)) return false;
    const extra = errorMessage === undefined ? {} : { error_message: this.#caller.options.virtualKey.redact(errorMessage) };
    // Retried like any call but never refused by a breaker; bounded so a dead server cannot hold it for minutes.
    const { deadlineMs, timeouts } = this.#caller.options;
    try {
      await this.complete(jobId, status, extra, { deadlineMs: deadlineMs ?? 2 * timeouts.complete });
    } catch (error) {
      // Another process of the fleet completed it: not ours to complete again.
      if (error instanceof InvalidRequestError && error.issues[0]?.message === ELSEWHERE) return false;
      throw error;
    }
    return true;
  }
}

const ELSEWHERE = 'already completed by another process of the fleet';

function alreadyCompleted(jobId: string, previous: CompleteStatus, by: 'this client' | 'another process of the fleet'): InvalidRequestError {
  return new InvalidRequestError(
    `completeJob(): job ${jobId} was already completed as '${previous}' by ${by}; completing it again can charge twice. Nothing was sent.`,
    { issues: [{ path: 'jobId', message: by === 'this client' ? 'already completed by this client' : ELSEWHERE }], operation: 'completeJob', jobId },
  );
}
