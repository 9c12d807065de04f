import type * as z from 'zod/mini';
import { Caller } from './core/caller.js';
import { INSPECT } from './base/secret.js';
import { ENDPOINTS } from './endpoints/index.js';
import type { SaaSLLMError } from './errors/index.js';
import { Completions } from './jobs/completions.js';
import { Creations } from './jobs/creations.js';
import { Reconciler } from './jobs/reconcile.js';
import { jobLifecycle, type JobHandle } from './jobs/job-handle.js';
import { autoFailJob, runWithJob, type JobLifecycle, type WithJobOptions } from './jobs/with-job.js';
import { probe, type HealthOptions } from './core/health.js';
import type { CircuitState } from './observability/hooks.js';
import type { MetricsSnapshot } from './observability/metrics.js';
import { resolveOptions } from './options/resolve.js';
import type { ClientOptions, RequestOptions, StreamOptions, StructuredOutputOptions } from './options/types.js';
import type { CompleteStatus, Metadata } from './schemas/common.js';
import type { HealthFailure, HealthStatus, ModelAlias, ModelGroup, ModelGroupResolution } from './schemas/models.js';
import type { CompleteJobResponse, CreateJobResponse, Job, JobCosts, JobList, TeamUsage, UpdateMetadataResponse } from './schemas/jobs.js';
import type { CreditBalance, CreditCheck, CreditTransactionList } from './schemas/credits.js';
import type { TeamInfo } from './schemas/teams.js';
import type { ChatResponse, CreateAndCallResponse } from './schemas/llm.js';
import type { ChatParams, CompleteJobOptions, CreateAndCallParams, CreateJobParams, ListJobsQuery, ListModelsQuery, StructuredParams, TransactionsQuery, UsageQuery } from './schemas/requests.js';
import type { ChatStream } from './streaming/chat-stream.js';
import { checkStructured, parseStructured } from './structured/structured-output.js';

/**
 * Typed client for the SaaS LiteLLM job API. Every method checks its input before sending, retries what
 * is safe to retry, and fails with a typed {@link SaaSLLMError}.
 *
 * @example
 * ```ts
 * import { SaaSLLMClient } from 'saas-litellm';
 *
 * const client = new SaaSLLMClient({ baseUrl: 'https://api.example.com', teamId: 'acme', virtualKey: 'sk-...' });
 * const job = await client.createJob('summarise');
 * const reply = await client.chat(job.job_id, { model: 'sdk-chat', messages: [{ role: 'user', content: 'Hi' }] });
 * const done = await client.completeJob(job.job_id, 'completed');
 * console.log(reply.response.content, done.costs.credits_remaining);
 * ```
 */
export class SaaSLLMClient {
  readonly #caller: Caller;
  readonly #completions: Completions;
  readonly #creations: Creations;
  readonly #jobs: JobLifecycle<JobHandle>;
  /** A failed stream of a job completes it `failed` before the error reaches the caller. */
  readonly #autoFail = (jobId: string, error: SaaSLLMError) => autoFailJob(jobId, error, this.#jobs);

  /**
   * @param options - see {@link ClientOptions}; `baseUrl`, `teamId` and `virtualKey` fall back to
   * `SAAS_LITELLM_API_URL`, `SAAS_LITELLM_TEAM_ID` and `SAAS_LITELLM_VIRTUAL_KEY`.
   * @throws InvalidRequestError when one of the three is missing, `baseUrl` is not an http(s) URL, the
   * key cannot go in a header, or an option has the wrong type.
   */
  constructor(options?: ClientOptions) {
    this.#caller = new Caller(resolveOptions(options));
    const reconciler = new Reconciler(this.#caller);
    this.#completions = new Completions(this.#caller, reconciler);
    this.#creations = new Creations(this.#caller, reconciler);
    this.#jobs = jobLifecycle(this, this.#completions, this.#caller.observer);
  }

  /** The team this client acts for. */
  get teamId(): string {
    return this.#caller.options.teamId;
  }
  /** The API origin (without `/api`). */
  get baseUrl(): string {
    return this.#caller.options.origin;
  }

  /** The server breaker: `closed` (calls flow), `open` (calls fail fast with `CircuitOpenError`; completing a job still goes through) or `halfOpen` (one probe in flight). */
  get circuitState(): CircuitState {
    return this.#caller.breaker ? this.#caller.breaker.state : 'closed';
  }

  /** One model's breaker, counting only its provider failures: when `open`, its calls fail fast (`CircuitOpenError` with `model`) while other models work. */
  modelCircuitState(model: string): CircuitState {
    return this.#caller.modelBreakers?.stateOf(model) ?? 'closed';
  }

  /** Stop the breakers' timers. Optional (they never keep a process alive); for hosts that drop many clients. */
  close(): void {
    this.#caller.breaker?.shutdown();
    this.#caller.modelBreakers?.shutdown();
  }

  /**
   * Counts and latencies of this client's calls, in total and per endpoint template: requests,
   * successes, errors by code, error rate, retries, p50/p95/p99 latency, circuit opens. Kept in fixed
   * memory; render it with `metricsToPrometheus()`.
   */
  metrics(): MetricsSnapshot {
    return this.#caller.observer.metrics.snapshot(this.circuitState);
  }

  /** Start counting afresh. */
  resetMetrics(): void {
    this.#caller.observer.metrics.reset();
  }

  /**
   * Liveness of the API (does not check its database): the server's body plus `ok: true` and the
   * `latencyMs` of the call. With `{ throwOnError: false }` a down or failing server resolves to
   * `{ ok: false, latencyMs, error }` instead of throwing, for readiness probes.
   *
   * @example
   * const health = await client.health({ throwOnError: false, timeoutMs: 2_000, maxRetries: 0 });
   * if (!health.ok) console.warn(`API down: ${health.error.code}`);
   */
  async health(options?: RequestOptions & { throwOnError?: true }): Promise<HealthStatus>;
  async health(options: RequestOptions & { throwOnError: boolean }): Promise<HealthStatus | HealthFailure>;
  async health(options?: HealthOptions): Promise<HealthStatus | HealthFailure> {
    return probe(this.#caller, options);
  }

  /**
   * Create a job (status `PENDING`). Pass a job type, or `{ job_type, user_id?, metadata? }`.
   *
   * @example
   * const { job_id } = await client.createJob({ job_type: 'ticket_triage', user_id: 'u-42', metadata: { ticket: 7 } });
   */
  createJob(jobTypeOrParams: string | CreateJobParams, options?: RequestOptions): Promise<CreateJobResponse> {
    return this.#creations.createJob(typeof jobTypeOrParams === 'string' ? { job_type: jobTypeOrParams } : (jobTypeOrParams as Record<string, unknown>), options);
  }

  /** The job record (no costs; see {@link getJobCosts}). */
  getJob(jobId: string, options?: RequestOptions): Promise<Job> {
    return this.#caller.call(ENDPOINTS.getJob, { jobId }, options);
  }

  /** Shallow-merge `metadata` into the job's metadata. */
  updateJobMetadata(jobId: string, metadata: Metadata, options?: RequestOptions): Promise<UpdateMetadataResponse> {
    return this.#caller.call(ENDPOINTS.updateJobMetadata, { jobId, metadata }, options);
  }

  /**
   * One non-streaming LLM call inside a job.
   *
   * @example
   * const reply = await client.chat(jobId, { model: 'sdk-chat', messages: [{ role: 'user', content: 'Hello' }], max_tokens: 64 });
   * reply.response.content; // "Hello! ..."
   */
  chat(jobId: string, params: ChatParams, options?: RequestOptions): Promise<ChatResponse> {
    return this.#caller.call(ENDPOINTS.chat, { ...params, jobId }, options);
  }

  /**
   * One streamed LLM call inside a job. Resolves once the server accepted the call (errors before that
   * are the usual typed errors, retried like `chat`); then iterate the {@link ChatStream}. If the stream
   * fails, the job is completed as `failed` with the reason before the error is thrown (turn off with
   * `autoFailJob: false`).
   *
   * Note: the deployed server cannot stream on this route yet (see the README); `createAndCallStream` works.
   *
   * @example
   * const stream = await client.chatStream(jobId, { model: 'sdk-chat', messages });
   * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? '');
   */
  chatStream(jobId: string, params: ChatParams, options?: StreamOptions): Promise<ChatStream> {
    return this.#caller.stream(ENDPOINTS.chatStream, { ...params, jobId }, options, this.#autoFail);
  }

  /**
   * Create a job, stream one call and complete it, in one request (the server completes or fails the job itself; its id is never sent).
   *
   * @example
   * const stream = await client.createAndCallStream({ job_type: 'chat', model: 'sdk-chat', messages });
   * console.log(await stream.text());
   */
  createAndCallStream(params: CreateAndCallParams, options?: StreamOptions): Promise<ChatStream> {
    return this.#creations.createAndCallStream(params as Record<string, unknown>, options, this.#autoFail);
  }

  /**
   * A chat call whose answer must match `schema`: sends `response_format` as a strict `json_schema` built
   * from the zod schema, then parses and validates the answer.
   *
   * Anthropic and Gemini aliases ignore `response_format`; their answer is still parsed and validated.
   * A classic zod schema converts itself; a `zod/mini` schema needs `toJSONSchema` in the options.
   *
   * @throws InvalidRequestError when `schema` is not a zod 4 schema, or is a zod/mini one without `toJSONSchema`.
   * @throws ResponseValidationError when the answer is not JSON or does not match (raw text on `.body`).
   * @example
   * const Ticket = z.object({ priority: z.enum(['low', 'high']), summary: z.string() });
   * const ticket = await client.structuredOutput(jobId, { model: 'sdk-chat', messages }, Ticket);
   * ticket.priority; // 'low' | 'high'
   */
  async structuredOutput<S extends z.core.$ZodType>(jobId: string, params: StructuredParams, schema: S, options?: StructuredOutputOptions): Promise<z.output<S>> {
    const { responseFormat, requestOptions } = checkStructured(this.#caller, schema, options);
    const reply = await this.chat(jobId, { ...params, response_format: responseFormat }, requestOptions);
    return parseStructured(schema, reply.response.content, { operation: 'structuredOutput', jobId });
  }

  /**
   * Run `work` inside a job: create it, call `work(job)`, then complete it `completed` when `work`
   * returns or `failed` (with the error as `error_message`) when it throws, exactly once. The error of
   * `work` is rethrown as is; if completing fails too, that failure is on its `completionError`.
   *
   * @param jobTypeOrParams - a job type, or `{ job_type, user_id?, metadata? }`
   * @param options - `requireCredits: n` checks the balance first and throws `InsufficientCreditsError` without creating a job.
   * @example
   * const summary = await client.withJob('summarise', async (job) => {
   *   const reply = await job.chat({ model: 'sdk-chat', messages });
   *   return reply.response.content;
   * }, { requireCredits: 1 });
   */
  async withJob<T>(jobTypeOrParams: string | CreateJobParams, work: (job: JobHandle) => Promise<T> | T, options?: WithJobOptions): Promise<T> {
    return runWithJob(this.#jobs, jobTypeOrParams, work, options);
  }

  /**
   * Finish a job: `completed` deducts credits, `failed` does not. Each job is completed at most once per
   * client: the server charges again for `completed` after `failed` after `completed`.
   *
   * @throws InvalidRequestError when this client already completed the job (nothing is sent).
   */
  completeJob(jobId: string, status: CompleteStatus, extra: CompleteJobOptions = {}, options?: RequestOptions): Promise<CompleteJobResponse> {
    return this.#completions.complete(jobId, status, extra, options);
  }

  /** Per-call provider cost breakdown of a job. */
  getJobCosts(jobId: string, options?: RequestOptions): Promise<JobCosts> {
    return this.#caller.call(ENDPOINTS.getJobCosts, { jobId }, options);
  }

  /**
   * Create a job, make one call and complete it, in one request. Credits are deducted on success.
   *
   * @example
   * const result = await client.createAndCall({ job_type: 'one_shot', model: 'sdk-chat', messages: [{ role: 'user', content: 'Hi' }] });
   * result.job_id; result.response.content; result.costs.credits_remaining;
   */
  createAndCall(params: CreateAndCallParams, options?: RequestOptions): Promise<CreateAndCallResponse> {
    return this.#creations.createAndCall(params as Record<string, unknown>, options);
  }

  /** The team's jobs, newest first. `total` counts this page only. */
  listJobs(query: ListJobsQuery = {}, options?: RequestOptions): Promise<JobList> {
    return this.#caller.call(ENDPOINTS.listJobs, query, options);
  }

  /** Usage summary for a period (`YYYY-MM` or `YYYY`). */
  getUsage(query: UsageQuery | string, options?: RequestOptions): Promise<TeamUsage> {
    return this.#caller.call(ENDPOINTS.getUsage, typeof query === 'string' ? { period: query } : query, options);
  }

  /** The team's credit account. */
  getCreditBalance(options?: RequestOptions): Promise<CreditBalance> {
    return this.#caller.call(ENDPOINTS.getCreditBalance, {}, options);
  }

  /** The team's credit ledger, newest first. */
  listCreditTransactions(query: TransactionsQuery = {}, options?: RequestOptions): Promise<CreditTransactionList> {
    return this.#caller.call(ENDPOINTS.listCreditTransactions, query, options);
  }

  /**
   * Whether the team has at least `creditsNeeded` credits. Resolves either way; check `has_credits`.
   * @param creditsNeeded - @default 1
   */
  checkCredits(creditsNeeded = 1, options?: RequestOptions): Promise<CreditCheck> {
    return this.#caller.call(ENDPOINTS.checkCredits, { creditsNeeded }, options);
  }

  /** The team's record: credit account (its `status` is the team's), access groups, model aliases; never its key. */
  getTeam(options?: RequestOptions): Promise<TeamInfo> {
    return this.#caller.call(ENDPOINTS.getTeam, {}, options);
  }

  /** Resolve a model group for this team (model groups only; an alias name gives NotFoundError). */
  resolveModelGroup(groupName: string, options?: RequestOptions): Promise<ModelGroupResolution> {
    return this.#caller.call(ENDPOINTS.resolveModelGroup, { groupName }, options);
  }

  /** A model group's definition: its models in priority order. */
  getModelGroup(groupName: string, options?: RequestOptions): Promise<ModelGroup> {
    return this.#caller.call(ENDPOINTS.getModelGroup, { groupName }, options);
  }

  /** The model alias catalogue (not filtered by team). */
  listModels(query: ListModelsQuery = {}, options?: RequestOptions): Promise<ModelAlias[]> {
    return this.#caller.call(ENDPOINTS.listModels, query, options);
  }

  /** One model alias. */
  getModel(alias: string, options?: RequestOptions): Promise<ModelAlias> {
    return this.#caller.call(ENDPOINTS.getModel, { alias }, options);
  }

  /** What `JSON.stringify(client)` shows: no key. */
  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl, teamId: this.teamId, virtualKey: '[redacted]' };
  }

  /** @internal What `util.inspect` shows (Node's hook). */
  [INSPECT](): string {
    return `SaaSLLMClient { baseUrl: '${this.baseUrl}', teamId: '${this.teamId}', virtualKey: [redacted] }`;
  }
}
