/**
 * Completing jobs, at most once per client, and never blind: the server charges again for a `completed`
 * that follows any other completion of a job (contract §5.7), so
 * - a second completion of a job this client (or, with shared state, the fleet) completed is refused locally;
 * - after an ambiguous failure (the answer lost after the server may have acted) the SDK reads the job
 *   and settles from its record: already in the requested state → resolved from it; still open → sent
 *   again; the answer lost and the job unreadable → the claim is kept, and a later completion of the job
 *   asks the server first.
 */
import type { Caller } from '../core/caller.js';
import { ENDPOINTS } from '../endpoints/index.js';
import { InvalidRequestError, SaaSLLMError } from '../errors/index.js';
import type { RequestOptions } from '../options/types.js';
import type { CompleteStatus } from '../schemas/common.js';
import type { CompleteJobResponse, Job, JobCosts } from '../schemas/jobs.js';
import type { CompleteJobOptions } from '../schemas/requests.js';
import { CompletionRegistry, type CompletionClaim } from './completion-registry.js';
import { isFinal, type Lookup, type Reconciler } from './reconcile.js';

/** Sends of one completion at most, when the server's record says it did not arrive. */
const MAX_SENDS = 3;

const statusOf = (status: CompleteStatus) => (status === 'completed' ? 'COMPLETED' : 'FAILED');

export class Completions {
  readonly #caller: Caller;
  readonly #reconciler: Reconciler;
  readonly #registry = new CompletionRegistry();

  constructor(caller: Caller, reconciler: Reconciler) {
    this.#caller = caller;
    this.#reconciler = reconciler;
  }

  /**
   * Send `/complete` unless this client (or, with shared state, any process of the fleet) already
   * completed the job: then `InvalidRequestError`, nothing sent.
   */
  async complete(jobId: string, status: CompleteStatus, extra: CompleteJobOptions, options: RequestOptions | undefined): Promise<CompleteJobResponse> {
    const input = this.#caller.check(ENDPOINTS.completeJob, { ...extra, jobId, status });
    const startedAt = Date.now();
    const previous = this.#registry.claim(jobId, status);
    if (previous !== undefined) {
      if (previous.state !== 'unknown') throw alreadyCompleted(jobId, previous.status, 'this client');
      return this.#afterUnknown(jobId, status, input, options, previous, startedAt);
    }
    const shared = this.#caller.shared;
    const elsewhere = shared === undefined ? undefined : await shared.run('completions', (state) => state.claimCompletion(jobId, status));
    if (elsewhere !== undefined && elsewhere !== null) {
      this.#registry.release(jobId);
      throw alreadyCompleted(jobId, elsewhere, 'another process of the fleet');
    }
    const release = () => {
      this.#registry.release(jobId);
      if (elsewhere === null) shared?.detach('completions', (state) => state.releaseCompletion(jobId), options?.waitUntil ?? this.#caller.options.waitUntil);
    };
    return this.#send(jobId, status, input, options, startedAt, release);
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

  /** Send, and after each ambiguous failure let the server's record decide: resolved, refused, or sent again. */
  async #send(jobId: string, status: CompleteStatus, input: Record<string, unknown>, options: RequestOptions | undefined, startedAt: number, release: () => void): Promise<CompleteJobResponse> {
    let lookup: Lookup | undefined;
    for (let sends = 1; ; sends += 1) {
      try {
        const result = await this.#caller.send(ENDPOINTS.completeJob, input, options, true);
        this.#registry.set(jobId, { status, state: 'done' });
        return result;
      } catch (error) {
        if (!(error instanceof SaaSLLMError) || !error.ambiguous) {
          release();
          throw error;
        }
        lookup ??= this.#reconciler.start('completeJob', 'complete', startedAt, options);
        await this.#reconciler.pause(lookup, error);
        const job = await this.#read(jobId, status, error, lookup);
        const settled = await this.#settled(jobId, status, job, lookup);
        if (settled !== undefined) return settled;
        // Still open on the server: this completion never arrived, so sending it again cannot charge twice.
        if (sends >= MAX_SENDS) {
          release();
          throw error;
        }
      }
    }
  }

  /** An earlier completion's outcome is unknown: the server's record decides before anything is sent. */
  async #afterUnknown(jobId: string, status: CompleteStatus, input: Record<string, unknown>, options: RequestOptions | undefined, previous: CompletionClaim, startedAt: number): Promise<CompleteJobResponse> {
    const lookup = this.#reconciler.start('completeJob', 'complete', startedAt, options);
    let job: Job;
    try {
      job = await this.#reconciler.readJob(jobId, lookup);
    } catch (lookupError) {
      throw new InvalidRequestError(
        `completeJob(): an earlier completion of job ${jobId} as '${previous.status}' got no answer, and the server could not be asked what happened. Nothing was sent: completing it blind could charge twice. Try again.`,
        { issues: [{ path: 'jobId', message: 'an earlier completion has an unknown outcome' }], operation: 'completeJob', jobId, cause: lookupError },
      );
    }
    const settled = await this.#settled(jobId, status, job, lookup);
    if (settled !== undefined) return settled;
    this.#registry.set(jobId, { status, state: 'sending' });
    return this.#send(jobId, status, input, options, startedAt, () => this.#registry.release(jobId));
  }

  /** The job as the server has it; when it cannot be read, the claim stays (outcome unknown) and `error` is thrown. */
  async #read(jobId: string, status: CompleteStatus, error: SaaSLLMError, lookup: Lookup): Promise<Job> {
    try {
      const job = await this.#reconciler.readJob(jobId, lookup);
      error.jobStatus = job.status;
      return job;
    } catch (lookupError) {
      this.#registry.set(jobId, { status, state: 'unknown' });
      throw this.#reconciler.failed(error, lookupError);
    }
  }

  /** Resolved from the record when the job is final in the requested state; refused when final in another; undefined when still open. */
  async #settled(jobId: string, status: CompleteStatus, job: Job, lookup: Lookup): Promise<CompleteJobResponse | undefined> {
    if (!isFinal(job.status)) return undefined;
    const recorded: CompleteStatus = job.status === 'COMPLETED' ? 'completed' : 'failed';
    this.#registry.set(jobId, { status: recorded, state: 'done' });
    if (job.status !== statusOf(status)) throw alreadyCompleted(jobId, recorded, 'the server');
    this.#caller.observer.log('info', `completeJob(): job ${jobId} is ${job.status} on the server; settled from its record, nothing sent again`, { operation: 'completeJob', jobId });
    return fromRecord(job, await this.#reconciler.costsOf(jobId, lookup));
  }
}

const ELSEWHERE = 'already completed by another process of the fleet';

function alreadyCompleted(jobId: string, previous: CompleteStatus, by: 'this client' | 'another process of the fleet' | 'the server'): InvalidRequestError {
  const how = by === 'the server' ? `is already ${statusOf(previous)} on the server (read after an answer was lost)` : `was already completed as '${previous}' by ${by}`;
  return new InvalidRequestError(`completeJob(): job ${jobId} ${how}; completing it again can charge twice. Nothing was sent.`, {
    issues: [{ path: 'jobId', message: by === 'this client' ? 'already completed by this client' : by === 'the server' ? `already ${statusOf(previous)} on the server` : ELSEWHERE }],
    operation: 'completeJob',
    jobId,
  });
}

/** A completion's answer rebuilt from the job's record and costs (`settledFrom: 'job-record'`). */
function fromRecord(job: Job, costs: JobCosts | undefined): CompleteJobResponse {
  const breakdown = costs?.costs.breakdown ?? [];
  const failed = breakdown.filter((call) => call.model === null).length;
  return {
    job_id: job.job_id,
    status: job.status,
    completed_at: job.completed_at ?? new Date().toISOString(),
    costs: {
      total_calls: breakdown.length,
      successful_calls: breakdown.length - failed,
      failed_calls: failed,
      total_tokens: breakdown.reduce((sum, call) => sum + call.prompt_tokens + call.completion_tokens, 0),
      // The provider cost (the only one the record keeps); `/complete` reports the marked-up one.
      total_cost_usd: costs?.costs.total_cost_usd ?? 0,
      avg_latency_ms: 0,
      credit_applied: job.credit_applied,
      credits_remaining: null,
    },
    calls: breakdown.map((call) => ({ call_id: call.call_id, purpose: call.purpose, model_group: call.model, tokens: call.prompt_tokens + call.completion_tokens, latency_ms: null, error: null })),
    settledFrom: 'job-record',
  };
}
