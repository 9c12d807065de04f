/**
 * The job lifecycle: create → run the caller's work → complete, exactly once, whatever happens. The
 * caller's error is what surfaces; a failed completion is attached to it, never put in its place.
 */
import * as z from 'zod/mini';
import { checkInput } from '../base/validate.js';
import { InsufficientCreditsError, InvalidRequestError, SaaSLLMError, StreamError } from '../errors/index.js';
import type { Observer } from '../observability/observer.js';
import type { CompleteStatus } from '../schemas/common.js';
import type { CreateJobResponse } from '../schemas/jobs.js';
import type { CreditCheck } from '../schemas/credits.js';
import { CreditsNeededSchema, type CreateJobParams } from '../schemas/requests.js';

/** Options of `withJob`. */
export interface WithJobOptions {
  /**
   * Check that the team has at least this many credits before creating the job; throws
   * `InsufficientCreditsError` (nothing created) when it has not. The server itself never refuses work
   * for lack of credits.
   */
  requireCredits?: number;
}

/** What the lifecycle needs from the client. */
export interface JobLifecycle<J> {
  checkCredits(creditsNeeded: number): Promise<CreditCheck>;
  createJob(params: string | CreateJobParams): Promise<CreateJobResponse>;
  /** Completes unless this client already did; resolves false when it had. */
  completeOnce(jobId: string, status: CompleteStatus, errorMessage?: string): Promise<boolean>;
  handle(job: CreateJobResponse): J;
  observer: Observer;
}

const MAX_REASON = 1000;

const WithJobOptionsSchema = z.lazy(() => z.looseObject({ requireCredits: z.optional(CreditsNeededSchema) }, 'must be an object'));

export async function runWithJob<J, T>(
  lifecycle: JobLifecycle<J>,
  jobTypeOrParams: string | CreateJobParams,
  work: (job: J) => Promise<T> | T,
  options: WithJobOptions | undefined,
): Promise<T> {
  // Checked before the job exists: a bad argument must not cost a job and its completion.
  if (typeof work !== 'function') {
    throw new InvalidRequestError('withJob(): `work` must be a function (job) => result. Nothing was sent.', { operation: 'withJob', issues: [{ path: 'work', message: 'must be a function' }] });
  }
  const { requireCredits: needed } = checkInput(WithJobOptionsSchema, options === undefined ? {} : options, 'withJob', lifecycle.observer, 'options');
  if (needed !== undefined) await requireCredits(lifecycle, needed);
  const job = await lifecycle.createJob(jobTypeOrParams);
  let result: T;
  try {
    result = await work(lifecycle.handle(job));
  } catch (error) {
    await failJobAfter(error, job.job_id, failureReason(error), lifecycle);
    throw error;
  }
  await lifecycle.completeOnce(job.job_id, 'completed');
  return result;
}

async function requireCredits(lifecycle: JobLifecycle<unknown>, needed: number): Promise<void> {
  const check = await lifecycle.checkCredits(needed);
  if (check.has_credits) return;
  const detail = check.error ?? `Insufficient credits: ${needed} required.`;
  throw new InsufficientCreditsError(`withJob(): ${detail} No job was created. Add credits to the team or lower requireCredits.`, {
    status: undefined,
    detail,
    issues: undefined,
    body: '',
    headers: new Headers(),
    retryable: false,
    sendState: 'not-sent',
    operation: 'withJob',
    creditsNeeded: needed,
    creditsRemaining: check.credits_remaining ?? parseRemaining(detail),
  });
}

function parseRemaining(detail: string): number | undefined {
  const match = /has (-?\d+(?:\.\d+)?) credits remaining/.exec(detail);
  return match ? Number(match[1]) : undefined;
}

/** A short `error_message` for the job: the error's name and message. */
export function failureReason(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : `Error: ${String(error)}`;
  return text.slice(0, MAX_REASON);
}

/**
 * Complete the job as `failed` after `error`, unless this client already completed it. Never throws: a
 * failed completion is attached to `error` (see {@link attachCompletionError}) and logged. Resolves
 * whether this call completed the job.
 */
export async function failJobAfter(
  error: unknown,
  jobId: string,
  reason: string,
  client: Pick<JobLifecycle<unknown>, 'completeOnce' | 'observer'>,
): Promise<boolean> {
  try {
    return await client.completeOnce(jobId, 'failed', reason);
  } catch (completionError) {
    attachCompletionError(error, completionError);
    client.observer.log('warn', 'completing the job as failed failed too; the job may still be open', {
      jobId,
      requestId: error instanceof SaaSLLMError ? error.requestId : undefined,
      errorCode: completionError instanceof SaaSLLMError ? completionError.code : undefined,
    });
    return false;
  }
}

/** Put the completion's failure on the caller's error, when the error can carry it. */
function attachCompletionError(error: unknown, completionError: unknown): void {
  if (error instanceof SaaSLLMError) {
    error.completionError = completionError;
  } else if (typeof error === 'object' && error !== null && Object.isExtensible(error)) {
    Object.defineProperty(error, 'completionError', { value: completionError, enumerable: false, configurable: true, writable: true });
  }
}

/** A failed stream leaves no open job: complete it `failed` with a short reason, once. */
export async function autoFailJob(jobId: string, error: SaaSLLMError, client: Pick<JobLifecycle<unknown>, 'completeOnce' | 'observer'>): Promise<void> {
  const chunks = (error as { chunkCount?: number }).chunkCount ?? 0;
  const phase = (error as { phase?: string }).phase;
  const reason =
    error instanceof StreamError
      ? `Stream failed after ${chunks} chunks: ${error.detail}`
      : `Stream ${phase ? `timed out (${phase})` : 'interrupted'} after ${chunks} chunks (${error.code}).`;
  if (await failJobAfter(error, jobId, reason, client)) {
    client.observer.log('info', 'job auto-failed after a stream failure', { jobId, requestId: error.requestId, errorCode: error.code });
  }
}
