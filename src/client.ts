import type * as z from 'zod';
import { ENDPOINTS, type Endpoint, type ResponseOf } from './endpoints/index.js';
import { jsonReader } from './core/parse.js';
import { Pipeline, type Policy } from './core/pipeline.js';
import { requestSpec } from './core/request.js';
import { INSPECT } from './core/secret.js';
import { checkInput } from './core/validate.js';
import { InvalidRequestError, SaaSLLMError } from './errors.js';
import { CompletionRegistry } from './jobs/completion-registry.js';
import { jobHandle, type JobHandle } from './jobs/job-handle.js';
import { autoFailJob, runWithJob, type WithJobOptions } from './jobs/with-job.js';
import type { CircuitState } from './observability/hooks.js';
import type { MetricsSnapshot } from './observability/metrics.js';
import { Observer } from './observability/observer.js';
import { resolveCallOptions, resolveOptions, resolveStreamOptions } from './options/resolve.js';
import type { ClientOptions, RequestOptions, ResolvedOptions, StreamOptions } from './options/types.js';
import { CircuitBreakerPolicy } from './policies/circuit-breaker.js';
import { RetryBudget } from './policies/retry-budget.js';
import { RetryPolicy } from './policies/retry.js';
import type { CompleteStatus, Metadata } from './schemas/common.js';
import type { HealthFailure, HealthStatus } from './schemas/models.js';
import { CreditsNeededSchema, SchemaNameSchema, type ChatParams, type CompleteJobOptions, type CreateAndCallParams, type CreateJobParams, type ListJobsQuery, type ListModelsQuery, type TransactionsQuery, type UsageQuery } from './schemas/requests.js';
import type { ChatStream } from './streaming/chat-stream.js';
import { streamReader } from './streaming/stream-reader.js';
import { parseStructured, responseFormatFor } from './structured/structured-output.js';
import { createKyTransport } from './transport/ky.js';

type Call<E extends Endpoint> = Promise<ResponseOf<E>>;

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
 * const reply = await client.chat(job.job_id, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
 * const done = await client.completeJob(job.job_id, 'completed');
 * console.log(reply.response.content, done.costs.credits_remaining);
 * ```
 */
export class SaaSLLMClient {
  readonly #options: ResolvedOptions;
  readonly #pipeline: Pipeline;
  readonly #completions = new CompletionRegistry();
  readonly #breaker: CircuitBreakerPolicy | undefined;
  readonly #observer: Observer;

  /**
   * @param options - see {@link ClientOptions}; `baseUrl`, `teamId` and `virtualKey` fall back to
   * `SAAS_LITELLM_API_URL`, `SAAS_LITELLM_TEAM_ID` and `SAAS_LITELLM_VIRTUAL_KEY`.
   * @throws InvalidRequestError when one of the three is missing or `baseUrl` is not an http(s) URL.
   */
  constructor(options: ClientOptions = {}) {
    this.#options = resolveOptions(options);
    this.#observer = new Observer(this.#options);
    const { retryBudget, circuitBreaker } = this.#options;
    this.#breaker = circuitBreaker === false ? undefined : new CircuitBreakerPolicy(circuitBreaker, this.#observer);
    const budget = retryBudget === false ? undefined : new RetryBudget(retryBudget);
    const retry = new RetryPolicy(this.#options, this.#observer, budget, this.#breaker);
    const policies: Policy[] = this.#breaker ? [retry, this.#breaker] : [retry];
    this.#pipeline = new Pipeline(this.#options, createKyTransport(this.#options.fetch), this.#observer, policies);
  }

  /** The team this client acts for. */
  get teamId(): string {
    return this.#options.teamId;
  }

  /** The API origin (without `/api`). */
  get baseUrl(): string {
    return this.#options.origin;
  }

  /**
   * State of the client's circuit breaker: `closed` (calls flow), `open` (calls fail fast with
   * `CircuitOpenError`, nothing sent) or `halfOpen` (one probe is in flight). Always `closed` when the
   * breaker is turned off.
   */
  get circuitState(): CircuitState {
    return this.#breaker ? this.#breaker.state : 'closed';
  }

  /**
   * Stop the breaker's background timers. Optional: they never keep a process alive, but a
   * long-running host that creates many clients should close the ones it drops.
   */
  close(): void {
    this.#breaker?.shutdown();
  }

  /**
   * Counts and latencies of this client's calls, in total and per endpoint template: requests,
   * successes, errors by code, error rate, retries, p50/p95/p99 latency, circuit opens. Kept in fixed
   * memory; render it with `metricsToPrometheus()`.
   */
  metrics(): MetricsSnapshot {
    return this.#observer.metrics.snapshot(this.circuitState);
  }

  /** Start counting afresh. */
  resetMetrics(): void {
    this.#observer.metrics.reset();
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
  async health(options: RequestOptions & { throwOnError?: boolean } = {}): Promise<HealthStatus | HealthFailure> {
    const { throwOnError = true, ...requestOptions } = options;
    const startedAt = performance.now();
    const latency = () => Math.round(performance.now() - startedAt);
    try {
      const body = await this.#call(ENDPOINTS.health, {}, requestOptions);
      return { ...body, ok: true, latencyMs: latency() };
    } catch (error) {
      if (throwOnError || !(error instanceof SaaSLLMError)) throw error;
      return { ok: false, latencyMs: latency(), error };
    }
  }

  /**
   * Create a job (status `PENDING`). Pass a job type, or `{ job_type, user_id?, metadata? }`.
   *
   * @example
   * const { job_id } = await client.createJob({ job_type: 'ticket_triage', user_id: 'u-42', metadata: { ticket: 7 } });
   */
  createJob(jobTypeOrParams: string | CreateJobParams, options?: RequestOptions): Call<typeof ENDPOINTS.createJob> {
    return this.#call(ENDPOINTS.createJob, typeof jobTypeOrParams === 'string' ? { job_type: jobTypeOrParams } : jobTypeOrParams, options);
  }

  /** The job record (no costs; see {@link getJobCosts}). */
  getJob(jobId: string, options?: RequestOptions): Call<typeof ENDPOINTS.getJob> {
    return this.#call(ENDPOINTS.getJob, { jobId }, options);
  }

  /** Shallow-merge `metadata` into the job's metadata. */
  updateJobMetadata(jobId: string, metadata: Metadata, options?: RequestOptions): Call<typeof ENDPOINTS.updateJobMetadata> {
    return this.#call(ENDPOINTS.updateJobMetadata, { jobId, metadata }, options);
  }

  /**
   * One non-streaming LLM call inside a job.
   *
   * @example
   * const reply = await client.chat(jobId, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }], max_tokens: 64 });
   * reply.response.content; // "Hello! ..."
   */
  chat(jobId: string, params: ChatParams, options?: RequestOptions): Call<typeof ENDPOINTS.chat> {
    return this.#call(ENDPOINTS.chat, { ...params, jobId }, options);
  }

  /**
   * One streamed LLM call inside a job. Resolves once the server accepted the call (errors before that
   * are the usual typed errors, retried like `chat`); then iterate the {@link ChatStream}. If the stream
   * fails, the job is completed as `failed` with the reason before the error is thrown (turn off with
   * `autoFailJob: false`).
   *
   * Note: the deployed server cannot stream on this route yet (every call ends in an error frame, see the
   * README); `createAndCallStream` works.
   *
   * @example
   * const stream = await client.chatStream(jobId, { model: 'gpt-4o-mini', messages });
   * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? '');
   */
  chatStream(jobId: string, params: ChatParams, options?: StreamOptions): Promise<ChatStream> {
    return this.#stream(ENDPOINTS.chatStream, { ...params, jobId }, options);
  }

  /**
   * Create a job, stream one call and complete it, in one request (the server completes or fails the job
   * itself; its id is never sent).
   *
   * @example
   * const stream = await client.createAndCallStream({ job_type: 'chat', model: 'gpt-4o-mini', messages });
   * console.log(await stream.text());
   */
  createAndCallStream(params: CreateAndCallParams, options?: StreamOptions): Promise<ChatStream> {
    return this.#stream(ENDPOINTS.createAndCallStream, params, options);
  }

  /**
   * A chat call whose answer must match `schema`: sends `response_format` as a strict `json_schema` built
   * from the zod schema, then parses and validates the answer.
   *
   * Anthropic and Gemini aliases ignore `response_format`; their answer is still parsed and validated.
   *
   * @throws ResponseValidationError when the answer is not JSON or does not match (raw text on `.body`).
   * @example
   * const Ticket = z.object({ priority: z.enum(['low', 'high']), summary: z.string() });
   * const ticket = await client.structuredOutput(jobId, { model: 'gpt-4o-mini', messages }, Ticket);
   * ticket.priority; // 'low' | 'high'
   */
  async structuredOutput<S extends z.ZodType>(
    jobId: string,
    params: Omit<ChatParams, 'response_format'>,
    schema: S,
    options?: RequestOptions & { schemaName?: string },
  ): Promise<z.output<S>> {
    const { schemaName = 'response', ...requestOptions } = options ?? {};
    checkInput(SchemaNameSchema, schemaName, 'structuredOutput', this.#observer, 'schemaName');
    const reply = await this.chat(jobId, { ...params, response_format: responseFormatFor(schema, schemaName) }, requestOptions);
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
   *   const reply = await job.chat({ model: 'gpt-4o-mini', messages });
   *   return reply.response.content;
   * }, { requireCredits: 1 });
   */
  async withJob<T>(jobTypeOrParams: string | CreateJobParams, work: (job: JobHandle) => Promise<T> | T, options: WithJobOptions = {}): Promise<T> {
    if (options.requireCredits !== undefined) checkInput(CreditsNeededSchema, options.requireCredits, 'withJob', this.#observer, 'requireCredits');
    const lifecycle = {
      checkCredits: (needed: number) => this.checkCredits(needed),
      createJob: () => this.createJob(jobTypeOrParams),
      completeOnce: (jobId: string, status: CompleteStatus, errorMessage?: string) => this.#completeOnce(jobId, status, errorMessage),
      handle: (job: Awaited<ReturnType<SaaSLLMClient['createJob']>>) => jobHandle(job, this),
      observer: this.#observer,
    };
    return runWithJob(lifecycle, work, options);
  }

  /**
   * Finish a job: `completed` deducts credits, `failed` does not. Each job is completed at most once per
   * client: the server charges again for `completed` after `failed` after `completed`.
   *
   * @throws InvalidRequestError when this client already completed the job (nothing is sent).
   */
  async completeJob(jobId: string, status: CompleteStatus, extra: CompleteJobOptions = {}, options?: RequestOptions): Call<typeof ENDPOINTS.completeJob> {
    const record = ENDPOINTS.completeJob;
    const input = checkInput(record.input, { ...extra, jobId, status }, record.operation, this.#observer);
    const previous = this.#completions.claim(jobId, status);
    if (previous !== undefined) {
      throw new InvalidRequestError(
        `completeJob(): job ${jobId} was already completed as '${previous}' by this client; completing it again can charge twice. Nothing was sent.`,
        { issues: [{ path: 'jobId', message: 'already completed by this client' }], operation: 'completeJob', jobId },
      );
    }
    try {
      return await this.#send(record, input, options);
    } catch (error) {
      this.#completions.release(jobId);
      throw error;
    }
  }

  /** Per-call provider cost breakdown of a job. */
  getJobCosts(jobId: string, options?: RequestOptions): Call<typeof ENDPOINTS.getJobCosts> {
    return this.#call(ENDPOINTS.getJobCosts, { jobId }, options);
  }

  /**
   * Create a job, make one call and complete it, in one request. Credits are deducted on success.
   *
   * @example
   * const result = await client.createAndCall({ job_type: 'one_shot', model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
   * result.job_id; result.response.content; result.costs.credits_remaining;
   */
  createAndCall(params: CreateAndCallParams, options?: RequestOptions): Call<typeof ENDPOINTS.createAndCall> {
    return this.#call(ENDPOINTS.createAndCall, params, options);
  }

  /** The team's jobs, newest first. `total` counts this page only. */
  listJobs(query: ListJobsQuery = {}, options?: RequestOptions): Call<typeof ENDPOINTS.listJobs> {
    return this.#call(ENDPOINTS.listJobs, query, options);
  }

  /** Usage summary for a period (`YYYY-MM` or `YYYY`). */
  getUsage(query: UsageQuery | string, options?: RequestOptions): Call<typeof ENDPOINTS.getUsage> {
    return this.#call(ENDPOINTS.getUsage, typeof query === 'string' ? { period: query } : query, options);
  }

  /** The team's credit account. */
  getCreditBalance(options?: RequestOptions): Call<typeof ENDPOINTS.getCreditBalance> {
    return this.#call(ENDPOINTS.getCreditBalance, {}, options);
  }

  /** The team's credit ledger, newest first. */
  listCreditTransactions(query: TransactionsQuery = {}, options?: RequestOptions): Call<typeof ENDPOINTS.listCreditTransactions> {
    return this.#call(ENDPOINTS.listCreditTransactions, query, options);
  }

  /**
   * Whether the team has at least `creditsNeeded` credits. Resolves either way; check `has_credits`.
   * @param creditsNeeded - @default 1
   */
  checkCredits(creditsNeeded = 1, options?: RequestOptions): Call<typeof ENDPOINTS.checkCredits> {
    return this.#call(ENDPOINTS.checkCredits, { creditsNeeded }, options);
  }

  /**
   * The team's record: its credit account (whose `status` says whether the team is active), access groups
   * and the model aliases it may use. The server serves this route without authentication and includes
   * the team's key; the SDK leaves the key out of the result.
   */
  getTeam(options?: RequestOptions): Call<typeof ENDPOINTS.getTeam> {
    return this.#call(ENDPOINTS.getTeam, {}, options);
  }

  /** Resolve a model group for this team (model groups only; an alias name gives NotFoundError). */
  resolveModelGroup(groupName: string, options?: RequestOptions): Call<typeof ENDPOINTS.resolveModelGroup> {
    return this.#call(ENDPOINTS.resolveModelGroup, { groupName }, options);
  }

  /** A model group's definition: its models in priority order. */
  getModelGroup(groupName: string, options?: RequestOptions): Call<typeof ENDPOINTS.getModelGroup> {
    return this.#call(ENDPOINTS.getModelGroup, { groupName }, options);
  }

  /** The model alias catalogue (not filtered by team). */
  listModels(query: ListModelsQuery = {}, options?: RequestOptions): Call<typeof ENDPOINTS.listModels> {
    return this.#call(ENDPOINTS.listModels, query, options);
  }

  /** One model alias. */
  getModel(alias: string, options?: RequestOptions): Call<typeof ENDPOINTS.getModel> {
    return this.#call(ENDPOINTS.getModel, { alias }, options);
  }

  /** What `JSON.stringify(client)` shows: no key. */
  toJSON(): Record<string, unknown> {
    return { baseUrl: this.#options.origin, teamId: this.#options.teamId, virtualKey: '[redacted]' };
  }

  [INSPECT](): string {
    return `SaaSLLMClient { baseUrl: '${this.#options.origin}', teamId: '${this.#options.teamId}', virtualKey: [redacted] }`;
  }

  /** Check the arguments against the record, then send. */
  async #call<E extends Endpoint>(record: E, args: Record<string, unknown>, options: RequestOptions | undefined): Call<E> {
    return this.#send(record, checkInput(record.input, args, record.operation, this.#observer), options);
  }

  #send<E extends Endpoint>(record: E, input: Record<string, unknown>, options: RequestOptions | undefined): Call<E> {
    const read = jsonReader(record.response as z.ZodType<ResponseOf<E>>);
    return this.#pipeline.execute(requestSpec(record, input, this.#options, read), resolveCallOptions(this.#options, record.timeout, options));
  }

  async #stream(record: Endpoint, args: Record<string, unknown>, options: StreamOptions | undefined): Promise<ChatStream> {
    const input = checkInput(record.input, args, record.operation, this.#observer);
    const callOptions = resolveStreamOptions(this.#options, options);
    const { jobId } = input;
    const lifecycle = { completeOnce: this.#completeOnce.bind(this), observer: this.#observer };
    const read = streamReader({
      options: callOptions,
      observer: this.#observer,
      redact: (text) => this.#options.virtualKey.redact(text),
      onFailure: typeof jobId === 'string' && callOptions.autoFailJob ? (error) => autoFailJob(jobId, error, lifecycle) : undefined,
    });
    return this.#pipeline.execute(requestSpec(record, input, this.#options, read), callOptions);
  }

  /** Complete unless this client already did (then resolve false: a second completion can charge twice). */
  async #completeOnce(jobId: string, status: CompleteStatus, errorMessage?: string): Promise<boolean> {
    if (this.#completions.has(jobId)) return false;
    await this.completeJob(jobId, status, errorMessage === undefined ? {} : { error_message: this.#options.virtualKey.redact(errorMessage) });
    return true;
  }
}
