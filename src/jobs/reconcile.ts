/**
 * Asking the server what happened after an ambiguous failure (a timeout or reset after the request was
 * written). The API has no idempotency keys, so a blind repeat of a completion charges again and a
 * blind repeat of a create leaves an orphan job; the server's own record settles it instead: a job by
 * its id, or a job the SDK created by the reference it put in the job's metadata.
 *
 * A lookup never makes things worse: each request draws on the retry budget, goes through the breaker,
 * stays within the call's deadline (or the operation's timeout without one), their number is bounded
 * and each is logged, and a lookup that fails leaves the original error in place with its failure as
 * `cause`.
 */
import type { Caller } from '../core/caller.js';
import { ENDPOINTS } from '../endpoints/index.js';
import { TimeoutError, type SaaSLLMError } from '../errors/index.js';
import type { Timeouts } from '../options/types.js';
import { sleep } from '../base/timers.js';
import { parseTimestamp } from '../schemas/common.js';
import type { Job, JobCosts } from '../schemas/jobs.js';

/** The metadata key under which the SDK puts its reference in every job it creates (unless `reconcile: false`). */
export const REFERENCE_KEY = 'saas_litellm_ref';

/** At most this many lookup calls per ambiguous failure. */
const MAX_LOOKUPS = 8;
/** The first page when looking for a reference (the job is usually among the newest), then each page three times larger, up to the last. */
const FIRST_PAGE = 50;
const MAX_PAGE = 1_000;
/** Timestamps have whole seconds, and the server may store a job a moment after it received it. */
const MARGIN_MS = 5_000;
/** How far the client's clock may be off the server's. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Between two reads of a job still running. */
const POLL_MS = 1_000;

const FINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

/** Whether a job's status is one it keeps. */
export function isFinal(status: string): boolean {
  return FINAL.has(status);
}

/** One reconciliation: what failed, how long it may take, what it has cost so far. */
export interface Lookup {
  readonly operation: string;
  /** When the first attempt started (client clock): jobs much older than this are not ours. */
  readonly since: number;
  readonly deadlineAt: number;
  readonly signal: AbortSignal | undefined;
  /** Lookup calls made so far. */
  calls: number;
}

/** Why a lookup did not happen or did not answer (it becomes the original error's `cause`). */
export class LookupError extends Error {
  override name = 'LookupError';
}

export class Reconciler {
  readonly #caller: Caller;

  constructor(caller: Caller) {
    this.#caller = caller;
  }

  /**
   * A new reconciliation for a call of `operation` that started at `since`: within what is left of the
   * call's deadline, or, without one, within the operation's own timeout from now.
   */
  start(operation: string, timeout: keyof Timeouts, since: number, options: { deadlineMs?: number | undefined; signal?: AbortSignal | undefined } | undefined): Lookup {
    const deadlineMs = options?.deadlineMs ?? this.#caller.options.deadlineMs;
    const deadlineAt = deadlineMs === undefined ? Date.now() + this.#caller.options.timeouts[timeout] : since + deadlineMs;
    return { operation, since, deadlineAt, signal: options?.signal, calls: 0 };
  }

  /**
   * After a timeout the request may still be running on the server: wait the retry's first backoff step
   * before looking, so that it has been stored. After a reset or an unreadable answer the server is done.
   */
  async pause(lookup: Lookup, error: SaaSLLMError): Promise<void> {
    if (!(error instanceof TimeoutError)) return;
    const ms = Math.min(this.#caller.options.retry.baseDelayMs, Math.max(0, (lookup.deadlineAt - Date.now()) / 4));
    if (ms > 0) await sleep(ms, lookup.signal).catch(() => {});
  }

  /** The job as the server has it now. */
  readJob(jobId: string, lookup: Lookup): Promise<Job> {
    return this.#lookup(lookup, `read job ${jobId}`, (options) => this.#caller.send(ENDPOINTS.getJob, { jobId }, options));
  }

  /** The job's recorded costs, or undefined when they cannot be read (they only add detail). */
  costsOf(jobId: string, lookup: Lookup): Promise<JobCosts | undefined> {
    return this.#lookup(lookup, `read the costs of job ${jobId}`, (options) => this.#caller.send(ENDPOINTS.getJobCosts, { jobId }, options)).catch(() => undefined);
  }

  /**
   * The job carrying `reference`, or undefined once the team's jobs have been read back to before the
   * first attempt (newest first, in growing pages). When the lookups run out before that, the outcome is
   * unknown: `LookupError`.
   */
  async findJob(reference: string, lookup: Lookup): Promise<Job | undefined> {
    let offset = 0;
    let cutoff: number | undefined;
    for (let limit = FIRST_PAGE; ; limit = Math.min(limit * 3, MAX_PAGE)) {
      const { jobs } = await this.#lookup(lookup, `look for reference ${reference}`, (options) => this.#caller.send(ENDPOINTS.listJobs, { limit, offset }, options));
      const found = jobs.find((job) => job.metadata?.[REFERENCE_KEY] === reference);
      if (found !== undefined) return found;
      const newest = jobs[0];
      const oldest = jobs.at(-1);
      if (jobs.length < limit || newest === undefined || oldest === undefined) return undefined;
      // Two bounds, each before the first attempt: on the server's clock (a busy team), and on the client's
      // with room for clock skew (a quiet team, whose newest job may be old).
      cutoff ??= Math.max(parseTimestamp(newest.created_at).getTime() - (Date.now() - lookup.since) - MARGIN_MS, lookup.since - CLOCK_SKEW_MS);
      if (parseTimestamp(oldest.created_at).getTime() < cutoff) return undefined;
      offset += jobs.length;
    }
  }

  /** Read `job` until it is final (COMPLETED, FAILED), within the lookup's deadline; the last state read otherwise. */
  async untilFinal(job: Job, lookup: Lookup): Promise<Job> {
    let current = job;
    while (!isFinal(current.status) && Date.now() + POLL_MS < lookup.deadlineAt) {
      await sleep(POLL_MS, lookup.signal);
      current = await this.readJob(current.job_id, lookup);
    }
    return current;
  }

  /** `original`, with why the server could not be asked as its `cause`. */
  failed(original: SaaSLLMError, lookupError: unknown): SaaSLLMError {
    Object.defineProperty(original, 'cause', { value: lookupError, enumerable: false, configurable: true, writable: true });
    return original;
  }

  async #lookup<T>(lookup: Lookup, what: string, send: (options: { deadlineMs: number; signal?: AbortSignal; maxRetries: number }) => Promise<T>): Promise<T> {
    if (lookup.calls >= MAX_LOOKUPS) throw new LookupError(`${lookup.operation}(): the server was asked ${MAX_LOOKUPS} times already`);
    const remainingMs = Math.floor(lookup.deadlineAt - Date.now());
    if (remainingMs <= 0) throw new LookupError(`${lookup.operation}(): no time left within the deadline to ask the server`);
    if (!(await this.#caller.drawRetry())) throw new LookupError(`${lookup.operation}(): the retry budget is spent, so the server was not asked`);
    lookup.calls += 1;
    this.#caller.observer.log('info', `${lookup.operation}(): the outcome is unknown; asking the server: ${what}`, { operation: lookup.operation, attempt: lookup.calls });
    return send({ deadlineMs: remainingMs, maxRetries: 1, ...(lookup.signal === undefined ? {} : { signal: lookup.signal }) });
  }
}
