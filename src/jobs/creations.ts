/**
 * Creating jobs without orphans and without unknown charges. The server sends no job id with an error
 * and has no idempotency key, so each job-creating request carries a reference the SDK made (a UUID in
 * the job's metadata under `saas_litellm_ref`), and after an ambiguous failure the SDK looks for it:
 * - `createJob`: a job found is adopted; only a job not found is created again, with the same reference;
 * - `createAndCall(Stream)`: a job found COMPLETED was answered and charged → `AnswerLostError` (never
 *   re-sent); found FAILED or not found → not charged, sent again like a refused call; still running →
 *   waited for within the deadline. A stream that fails after its first chunk carries the job's id and
 *   final status on its error.
 * With `reconcile: false` none of this happens (no reference is sent).
 */
import type { Caller } from '../core/caller.js';
import { ENDPOINTS } from '../endpoints/index.js';
import { AnswerLostError, SaaSLLMError } from '../errors/index.js';
import type { RequestOptions, StreamOptions, Timeouts } from '../options/types.js';
import type { CreateJobResponse, Job } from '../schemas/jobs.js';
import type { CreateAndCallResponse } from '../schemas/llm.js';
import type { ChatStream } from '../streaming/chat-stream.js';
import { isFinal, REFERENCE_KEY, type Lookup, type Reconciler } from './reconcile.js';

/** After a stream failed mid-answer, how long the SDK waits for its job to be final before reporting what it saw. */
const AFTER_STREAM_MS = 5_000;

const ambiguous = (error: unknown): error is SaaSLLMError => error instanceof SaaSLLMError && error.ambiguous;

/** `input` with `reference` added to its metadata object `field`. */
function withReference(input: Record<string, unknown>, field: 'metadata' | 'job_metadata', reference: string): Record<string, unknown> {
  const metadata = input[field];
  return { ...input, [field]: { ...(typeof metadata === 'object' && metadata !== null ? metadata : {}), [REFERENCE_KEY]: reference } };
}

/** Tell the error which job it was about and where that job stands (what the SDK read). */
function describeJob(error: SaaSLLMError, job: Job): void {
  error.jobStatus = job.status;
  // `jobId` is read-only to users; the SDK sets it once it learnt the id.
  Object.defineProperty(error, 'jobId', { value: job.job_id, enumerable: true, configurable: true, writable: false });
}

export class Creations {
  readonly #caller: Caller;
  readonly #reconciler: Reconciler;

  constructor(caller: Caller, reconciler: Reconciler) {
    this.#caller = caller;
    this.#reconciler = reconciler;
  }

  async createJob(args: Record<string, unknown>, options: RequestOptions | undefined): Promise<CreateJobResponse> {
    const record = ENDPOINTS.createJob;
    const input = this.#caller.check(record, args);
    if (!this.#reconciles(options)) return this.#caller.send(record, input, options);
    const reference = globalThis.crypto.randomUUID();
    const sent = withReference(input, 'metadata', reference);
    const startedAt = Date.now();
    let lookup: Lookup | undefined;
    for (let sends = 1; ; sends += 1) {
      try {
        return await this.#caller.send(record, sent, options, true);
      } catch (error) {
        if (!ambiguous(error)) throw error;
        lookup ??= this.#reconciler.start('createJob', 'create', startedAt, options);
        await this.#reconciler.pause(lookup, error);
        let found: Job | undefined;
        try {
          found = await this.#reconciler.findJob(reference, lookup);
        } catch (lookupError) {
          throw this.#reconciler.failed(error, lookupError);
        }
        if (found !== undefined) {
          this.#caller.observer.log('info', `createJob(): the answer was lost, but the server stored the job: adopted ${found.job_id}`, { operation: 'createJob', jobId: found.job_id });
          return { job_id: found.job_id, status: found.status, created_at: found.created_at };
        }
        // Not stored: sending again (with the same reference) creates the one job.
        if (sends >= this.#maxSends(options) || !(await this.#caller.drawRetry())) throw error;
      }
    }
  }

  async createAndCall(args: Record<string, unknown>, options: RequestOptions | undefined): Promise<CreateAndCallResponse> {
    const record = ENDPOINTS.createAndCall;
    const input = this.#caller.check(record, args);
    if (!this.#reconciles(options)) return this.#caller.send(record, input, options);
    return this.#singleCall('createAndCall', 'createAndCall', options, (reference) => this.#caller.send(record, withReference(input, 'job_metadata', reference), options, true));
  }

  async createAndCallStream(args: Record<string, unknown>, options: StreamOptions | undefined, autoFail: (jobId: string, error: SaaSLLMError) => Promise<void>): Promise<ChatStream> {
    const record = ENDPOINTS.createAndCallStream;
    const input = this.#caller.check(record, args);
    if (!this.#reconciles(options)) return this.#caller.stream(record, input, options, autoFail, { input, onFailure: undefined, reconciled: false });
    return this.#singleCall('createAndCallStream', 'stream', options, (reference) => {
      const sent = withReference(input, 'job_metadata', reference);
      return this.#caller.stream(record, sent, options, autoFail, { input: sent, onFailure: this.#afterStreamFailure(reference, options), reconciled: true });
    });
  }

  /**
   * A create-and-call route, each send with a new reference: after an ambiguous failure the server's
   * record decides (see #notCharged) whether it is sent again.
   */
  async #singleCall<T>(operation: string, timeout: keyof Timeouts, options: RequestOptions | undefined, send: (reference: string) => Promise<T>): Promise<T> {
    const startedAt = Date.now();
    let lookup: Lookup | undefined;
    for (let sends = 1; ; sends += 1) {
      const reference = globalThis.crypto.randomUUID();
      try {
        return await send(reference);
      } catch (error) {
        if (!ambiguous(error)) throw error;
        lookup ??= this.#reconciler.start(operation, timeout, startedAt, options);
        await this.#notCharged(reference, error, lookup);
        if (sends >= this.#maxSends(options) || !(await this.#caller.drawRetry())) throw error;
      }
    }
  }

  /**
   * What became of a single-call job whose answer was lost: returns when it was not charged (FAILED, or
   * not stored); throws `AnswerLostError` when it was answered and charged, or `error` (with the job's id and
   * status) when it is still running at the deadline or the server cannot be asked.
   */
  async #notCharged(reference: string, error: SaaSLLMError, lookup: Lookup): Promise<void> {
    await this.#reconciler.pause(lookup, error);
    let job: Job | undefined;
    try {
      job = await this.#reconciler.findJob(reference, lookup);
      if (job !== undefined && !isFinal(job.status)) job = await this.#reconciler.untilFinal(job, lookup);
    } catch (lookupError) {
      throw this.#reconciler.failed(error, lookupError);
    }
    if (job === undefined) return;
    describeJob(error, job);
    if (job.status === 'COMPLETED') {
      const costs = await this.#reconciler.costsOf(job.job_id, lookup);
      throw new AnswerLostError(
        `${lookup.operation}(): the server answered and charged for this call (job ${job.job_id} is COMPLETED${job.credit_applied ? ', credits deducted' : ''}), but the answer was lost on the way: ${error.message} It cannot be fetched again, and the call was not sent again (that would be a second paid call).`,
        { operation: lookup.operation, requestId: error.requestId, method: error.method, endpoint: error.endpoint, attempts: error.attempts, cause: error, jobId: job.job_id, jobStatus: job.status, creditApplied: job.credit_applied, costUsd: costs?.costs.total_cost_usd },
      );
    }
    // Still running when the time ran out: nobody knows yet; the error says which job to watch.
    if (!isFinal(job.status)) throw error;
  }

  /**
   * What runs when a single-call stream fails after chunks arrived: its error learns the job's id and final
   * status. Built here so that an open stream holds the reference and the signal, not the call's input.
   */
  #afterStreamFailure(reference: string, options: StreamOptions | undefined): (error: SaaSLLMError) => Promise<void> {
    const signal = options?.signal;
    return async (error) => {
      const lookup = this.#reconciler.start('createAndCallStream', 'stream', Date.now(), { deadlineMs: AFTER_STREAM_MS, signal });
      try {
        const job = await this.#reconciler.findJob(reference, lookup);
        if (job !== undefined) describeJob(error, await this.#reconciler.untilFinal(job, lookup));
      } catch {
        // The stream's own error is what the caller needs; the job's state only adds to it.
      }
    };
  }

  #reconciles(options: RequestOptions | undefined): boolean {
    return options?.reconcile ?? this.#caller.options.reconcile;
  }

  #maxSends(options: RequestOptions | undefined): number {
    return (options?.maxRetries ?? this.#caller.options.retry.maxRetries) + 1;
  }
}
