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

  /** Send `/complete` unless this client already completed the job (then `InvalidRequestError`, nothing sent). */
  async complete(jobId: string, status: CompleteStatus, extra: CompleteJobOptions, options: RequestOptions | undefined): Promise<CompleteJobResponse> {
    const record = ENDPOINTS.completeJob;
    const input = this.#caller.check(record, { ...extra, jobId, status });
    const previous = this.#registry.claim(jobId, status);
    if (previous !== undefined) {
      throw new InvalidRequestError(
        `completeJob(): job ${jobId} was already completed as '${previous}' by this client; completing it again can charge twice. Nothing was sent.`,
        { issues: [{ path: 'jobId', message: 'already completed by this client' }], operation: 'completeJob', jobId },
      );
    }
    try {
      return await this.#caller.send(record, input, options);
    } catch (error) {
      this.#registry.release(jobId);
      throw error;
    }
  }

  /** Complete unless this client already did (then resolve false: a second completion can charge twice). */
  async completeOnce(jobId: string, status: CompleteStatus, errorMessage?: string): Promise<boolean> {
    if (this.#registry.has(jobId)) return false;
    const extra = errorMessage === undefined ? {} : { error_message: this.#caller.options.virtualKey.redact(errorMessage) };
    // Retried like any call but never refused by a breaker; bounded so a dead server cannot hold it for minutes.
    const { deadlineMs, timeouts } = this.#caller.options;
    await this.complete(jobId, status, extra, { deadlineMs: deadlineMs ?? 2 * timeouts.complete });
    return true;
  }
}
