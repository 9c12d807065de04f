import type * as z from 'zod';
import { Pipeline, type Policy } from './core/pipeline.js';
import { CircuitBreakerPolicy, type CircuitState } from './policies/circuit-breaker.js';
import { RetryPolicy } from './policies/retry.js';
import { RetryBudget } from './policies/retry-budget.js';
import { jsonReader } from './core/parse.js';
import type { RequestSpec } from './core/request.js';
import { INSPECT } from './core/secret.js';
import { validateInput } from './core/validate.js';
import type { MetricsSnapshot } from './observability/metrics.js';
import { InvalidRequestError, readRequestId, ResponseValidationError, SaaSLLMError, StreamError, type TimeoutError } from './errors.js';
import { CompletionRegistry } from './jobs/completion-registry.js';
import { failJobAfter, runWithJob, type WithJobOptions } from './jobs/with-job.js';
import { ChatStream } from './streaming/chat-stream.js';
import { parseStructured, responseFormatFor } from './structured/structured-output.js';
import { Observer } from './observability/observer.js';
import { resolveOptions, type ClientOptions, type RequestOptions, type ResolvedOptions, type StreamOptions } from './options.js';
import type { CompleteStatus, Metadata } from './schemas/common.js';
import {
  CompleteJobResponseSchema,
  CreateJobResponseSchema,
  JobCostsSchema,
  JobListSchema,
  JobSchema,
  TeamUsageSchema,
  UpdateMetadataResponseSchema,
  type CompleteJobResponse,
  type CreateJobResponse,
  type Job,
  type JobCosts,
  type JobList,
  type TeamUsage,
  type UpdateMetadataResponse,
} from './schemas/jobs.js';
import { ChatResponseSchema, CreateAndCallResponseSchema, type ChatResponse, type CreateAndCallResponse } from './schemas/llm.js';
import {
  CreditBalanceSchema,
  CreditCheckSchema,
  CreditTransactionListSchema,
  type CreditBalance,
  type CreditCheck,
  type CreditTransactionList,
} from './schemas/credits.js';
import {
  HealthSchema,
  ModelAliasSchema,
  ModelGroupResolutionSchema,
  ModelListSchema,
  type Health,
  type ModelAlias,
  type ModelGroupResolution,
} from './schemas/models.js';
import {
  ChatParamsSchema,
  CompleteJobParamsSchema,
  CreateAndCallParamsSchema,
  CreateJobParamsSchema,
  CreditsNeededSchema,
  JobIdSchema,
  ListJobsQuerySchema,
  ListModelsQuerySchema,
  ModelNameSchema,
  SchemaNameSchema,
  TransactionsQuerySchema,
  UsageQuerySchema,
  type ChatParams,
  type CompleteJobOptions,
  type CreateAndCallParams,
  type CreateJobParams,
  type ListJobsQuery,
  type ListModelsQuery,
  type TransactionsQuery,
  type UsageQuery,
} from './schemas/requests.js';
import { createKyTransport } from './transport/ky.js';

const MAX_ERROR_MESSAGE = 1000;
const JOB = '/api/jobs/{job_id}';

/**
 * Typed client for the SaaS LiteLLM job API.
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
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
    this.#options = resolveOptions(options, env);
    const observer = new Observer(this.#options, env);
    this.#observer = observer;
    const { retryBudget, circuitBreaker } = this.#options;
    this.#breaker = circuitBreaker === false ? undefined : new CircuitBreakerPolicy(circuitBreaker, observer);
    const retry = new RetryPolicy(this.#options, observer, retryBudget === false ? undefined : new RetryBudget(retryBudget), this.#breaker);
    const policies: Policy[] = this.#breaker ? [retry, this.#breaker] : [retry];
    this.#pipeline = new Pipeline(this.#options, createKyTransport(this.#options.fetch), observer, policies);
  }

  /** The team this client acts for. */
  get teamId(): string {
    return this.#options.teamId;
  }

  /**
   * State of the client's circuit breaker: `closed` (calls flow), `open` (calls fail fast with
   * `CircuitOpenError`, nothing sent) or `halfOpen` (one probe is in flight). Always `closed` when the
   * breaker is turned off.
   */
  get circuitState(): CircuitState {
    return this.#breaker?.state ?? 'closed';
  }

  /**
   * Stop the breaker's background timers. Optional: they never keep a process alive, but a
   * long-running host that creates many clients should close the ones it drops.
   */
  close(): void {
    this.#breaker?.shutdown();
  }

  /** The API origin (without `/api`). */
  get baseUrl(): string {
    return this.#options.origin;
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
      const body = await this.#send(
        { operation: 'health', method: 'GET', endpoint: '/health', timeout: 'default', authenticated: false, idempotent: true },
        HealthSchema,
        requestOptions,
      );
      return { ...body, ok: true, latencyMs: latency() };
    } catch (error) {
      if (throwOnError || !(error instanceof SaaSLLMError)) throw error;
      return { ok: false, latencyMs: latency(), error };
    }
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
   * Create a job (status `PENDING`). Pass a job type, or `{ job_type, user_id?, metadata? }`.
   *
   * @example
   * const { job_id } = await client.createJob({ job_type: 'ticket_triage', user_id: 'u-42', metadata: { ticket: 7 } });
   */
  async createJob(jobTypeOrParams: string | CreateJobParams, options?: RequestOptions): Promise<CreateJobResponse> {
    const params = typeof jobTypeOrParams === 'string' ? { job_type: jobTypeOrParams } : jobTypeOrParams;
    const { team_id: _ignored, ...body } = this.#validate(CreateJobParamsSchema, params, 'createJob');
    return this.#send(
      {
        operation: 'createJob',
        method: 'POST',
        endpoint: '/api/jobs/create',
        body: { team_id: this.#options.teamId, ...body },
        timeout: 'create',
        authenticated: true,
        // A repeat can only leave an orphan PENDING job, which is never charged.
        idempotent: true,
      },
      CreateJobResponseSchema,
      options,
    );
  }

  /** The job record (no costs; see {@link getJobCosts}). */
  async getJob(jobId: string, options?: RequestOptions): Promise<Job> {
    return this.#sendForJob('getJob', 'GET', JOB, jobId, { timeout: 'get', idempotent: true }, JobSchema, options);
  }

  /** Shallow-merge `metadata` into the job's metadata. */
  async updateJobMetadata(jobId: string, metadata: Metadata, options?: RequestOptions): Promise<UpdateMetadataResponse> {
    this.#validate(CompleteJobParamsSchema.shape.metadata.unwrap(), metadata, 'updateJobMetadata', 'metadata');
    return this.#sendForJob(
      'updateJobMetadata',
      'PATCH',
      `${JOB}/metadata`,
      jobId,
      { timeout: 'default', idempotent: true, body: { metadata } },
      UpdateMetadataResponseSchema,
      options,
    );
  }

  /**
   * One non-streaming LLM call inside a job.
   *
   * @example
   * const reply = await client.chat(jobId, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }], max_tokens: 64 });
   * reply.response.content; // "Hello! ..."
   */
  async chat(jobId: string, params: ChatParams, options?: RequestOptions): Promise<ChatResponse> {
    const body = withoutNulls(this.#validate(ChatParamsSchema, params, 'chat'));
    return this.#sendForJob('chat', 'POST', `${JOB}/llm-call`, jobId, { timeout: 'llmCall', idempotent: false, body }, ChatResponseSchema, options);
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
  async chatStream(jobId: string, params: ChatParams, options?: StreamOptions): Promise<ChatStream> {
    this.#validate(JobIdSchema, jobId, 'chatStream', 'jobId');
    const body = withoutNulls(this.#validate(ChatParamsSchema, params, 'chatStream'));
    return this.#openStream(
      { operation: 'chatStream', method: 'POST', endpoint: `${JOB}/llm-call-stream`, pathParams: { job_id: jobId }, jobId, body, authenticated: true, idempotent: false },
      options,
    );
  }

  /**
   * Create a job, stream one call and complete it, in one request (the server completes or fails the job
   * itself; its id is never sent).
   *
   * @example
   * const stream = await client.createAndCallStream({ job_type: 'chat', model: 'gpt-4o-mini', messages });
   * console.log(await stream.text());
   */
  async createAndCallStream(params: CreateAndCallParams, options?: StreamOptions): Promise<ChatStream> {
    const body = this.#singleCallBody(params, 'createAndCallStream');
    return this.#openStream(
      {
        operation: 'createAndCallStream',
        method: 'POST',
        endpoint: '/api/jobs/create-and-call-stream',
        body,
        authenticated: true,
        idempotent: false,
      },
      options,
    );
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
    this.#validate(SchemaNameSchema, schemaName, 'structuredOutput', 'schemaName');
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
    if (options.requireCredits !== undefined) this.#validate(CreditsNeededSchema, options.requireCredits, 'withJob', 'requireCredits');
    return runWithJob<JobHandle, T>(
      {
        checkCredits: (needed) => this.checkCredits(needed),
        createJob: () => this.createJob(jobTypeOrParams),
        completeOnce: (jobId, status, errorMessage) => this.#completeOnce(jobId, status, errorMessage),
        handle: (job) => this.#jobHandle(job),
        observer: this.#observer,
      },
      work,
      options,
    );
  }

  /**
   * Finish a job: `completed` deducts credits, `failed` does not. Each job is completed at most once per
   * client: the server charges again for `completed` after `failed` after `completed`.
   *
   * @throws InvalidRequestError when this client already completed the job (nothing is sent).
   */
  async completeJob(
    jobId: string,
    status: CompleteStatus,
    extra: CompleteJobOptions = {},
    options?: RequestOptions,
  ): Promise<CompleteJobResponse> {
    this.#validate(JobIdSchema, jobId, 'completeJob', 'jobId');
    const body = this.#validate(
      CompleteJobParamsSchema,
      { status, ...extra, ...(typeof extra.error_message === 'string' ? { error_message: extra.error_message.slice(0, MAX_ERROR_MESSAGE) } : {}) },
      'completeJob',
    );
    const previous = this.#completions.claim(jobId, status);
    if (previous !== undefined) {
      throw new InvalidRequestError(
        `completeJob(): job ${jobId} was already completed as '${previous}' by this client; completing it again can charge twice. Nothing was sent.`,
        { issues: [{ path: 'jobId', message: 'already completed by this client' }], operation: 'completeJob', jobId },
      );
    }
    try {
      return await this.#sendForJob('completeJob', 'POST', `${JOB}/complete`, jobId, { timeout: 'complete', idempotent: true, body }, CompleteJobResponseSchema, options);
    } catch (error) {
      this.#completions.release(jobId);
      throw error;
    }
  }

  /** Per-call provider cost breakdown of a job. */
  async getJobCosts(jobId: string, options?: RequestOptions): Promise<JobCosts> {
    return this.#sendForJob('getJobCosts', 'GET', `${JOB}/costs`, jobId, { timeout: 'get', idempotent: true }, JobCostsSchema, options);
  }

  /**
   * Create a job, make one call and complete it, in one request. Credits are deducted on success.
   *
   * @example
   * const result = await client.createAndCall({ job_type: 'one_shot', model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
   * result.job_id; result.response.content; result.costs.credits_remaining;
   */
  async createAndCall(params: CreateAndCallParams, options?: RequestOptions): Promise<CreateAndCallResponse> {
    const body = this.#singleCallBody(params, 'createAndCall');
    return this.#send(
      {
        operation: 'createAndCall',
        method: 'POST',
        endpoint: '/api/jobs/create-and-call',
        body,
        timeout: 'createAndCall',
        authenticated: true,
        idempotent: false,
      },
      CreateAndCallResponseSchema,
      options,
    );
  }

  /** The team's jobs, newest first. `total` counts this page only. */
  async listJobs(query: ListJobsQuery = {}, options?: RequestOptions): Promise<JobList> {
    const checked = this.#validate(ListJobsQuerySchema, query, 'listJobs');
    return this.#sendForTeam('listJobs', 'GET', '/api/teams/{team_id}/jobs', checked, JobListSchema, options);
  }

  /** Usage summary for a period (`YYYY-MM` or `YYYY`). */
  async getUsage(query: UsageQuery | string, options?: RequestOptions): Promise<TeamUsage> {
    const checked = this.#validate(UsageQuerySchema, typeof query === 'string' ? { period: query } : query, 'getUsage');
    return this.#sendForTeam('getUsage', 'GET', '/api/teams/{team_id}/usage', checked, TeamUsageSchema, options);
  }

  /** The team's credit account. */
  async getCreditBalance(options?: RequestOptions): Promise<CreditBalance> {
    return this.#sendForTeam('getCreditBalance', 'GET', '/api/credits/teams/{team_id}/balance', {}, CreditBalanceSchema, options);
  }

  /** The team's credit ledger, newest first. */
  async listCreditTransactions(query: TransactionsQuery = {}, options?: RequestOptions): Promise<CreditTransactionList> {
    const checked = this.#validate(TransactionsQuerySchema, query, 'listCreditTransactions');
    return this.#sendForTeam('listCreditTransactions', 'GET', '/api/credits/teams/{team_id}/transactions', checked, CreditTransactionListSchema, options);
  }

  /**
   * Whether the team has at least `creditsNeeded` credits. Resolves either way; check `has_credits`.
   * @param creditsNeeded - @default 1
   */
  async checkCredits(creditsNeeded = 1, options?: RequestOptions): Promise<CreditCheck> {
    const credits_needed = this.#validate(CreditsNeededSchema, creditsNeeded, 'checkCredits', 'creditsNeeded');
    return this.#sendForTeam('checkCredits', 'POST', '/api/credits/teams/{team_id}/check', { credits_needed }, CreditCheckSchema, options);
  }

  /** Resolve a model group for this team (model groups only; an alias name gives NotFoundError). */
  async resolveModelGroup(groupName: string, options?: RequestOptions): Promise<ModelGroupResolution> {
    const name = this.#validate(ModelNameSchema, groupName, 'resolveModelGroup', 'groupName');
    return this.#send(
      {
        operation: 'resolveModelGroup',
        method: 'GET',
        endpoint: '/api/model-groups/{group_name}/resolve',
        pathParams: { group_name: name },
        query: { team_id: this.#options.teamId },
        timeout: 'default',
        authenticated: true,
        idempotent: true,
      },
      ModelGroupResolutionSchema,
      options,
    );
  }

  /** The model alias catalogue (not filtered by team). */
  async listModels(query: ListModelsQuery = {}, options?: RequestOptions): Promise<ModelAlias[]> {
    const checked = this.#validate(ListModelsQuerySchema, query, 'listModels');
    return this.#send(
      { operation: 'listModels', method: 'GET', endpoint: '/api/models', query: checked, timeout: 'default', authenticated: false, idempotent: true },
      ModelListSchema,
      options,
    );
  }

  /** One model alias. */
  async getModel(alias: string, options?: RequestOptions): Promise<ModelAlias> {
    const name = this.#validate(ModelNameSchema, alias, 'getModel', 'alias');
    return this.#send(
      {
        operation: 'getModel',
        method: 'GET',
        endpoint: '/api/models/{model_alias}',
        pathParams: { model_alias: name },
        timeout: 'default',
        authenticated: false,
        idempotent: true,
      },
      ModelAliasSchema,
      options,
    );
  }

  /** What `JSON.stringify(client)` shows: no key. */
  toJSON(): Record<string, unknown> {
    return { baseUrl: this.#options.origin, teamId: this.#options.teamId, virtualKey: '[redacted]' };
  }

  [INSPECT](): string {
    return `SaaSLLMClient { baseUrl: '${this.#options.origin}', teamId: '${this.#options.teamId}', virtualKey: [redacted] }`;
  }

  // -------------------------------------------------------------------------------------------

  #send<S extends z.ZodType>(
    spec: Omit<RequestSpec<z.output<S>>, 'read'>,
    schema: S,
    options: RequestOptions | undefined,
  ): Promise<z.output<S>> {
    const read = jsonReader(schema) as (response: Response) => Promise<z.output<S>>;
    return this.#pipeline.execute<z.output<S>>({ ...spec, read }, options);
  }

  /** A create-and-call body: checked, nulls dropped, and the client's own team (whatever the caller passed). */
  #singleCallBody(params: CreateAndCallParams, operation: string): Record<string, unknown> {
    const { team_id: _ignored, ...rest } = withoutNulls(this.#validate(CreateAndCallParamsSchema, params, operation));
    return { team_id: this.#options.teamId, ...rest };
  }

  /** Check input before sending; a failure is logged, then thrown. */
  #validate<S extends z.ZodType>(schema: S, value: unknown, operation: string, field?: string): z.output<S> {
    try {
      return validateInput(schema, value, operation, field);
    } catch (error) {
      if (error instanceof InvalidRequestError && this.#observer.logs('warn')) {
        this.#observer.log('warn', `${operation}(): invalid input; nothing sent`, {
          operation,
          errorCode: error.code,
          issues: error.issues.map((issue) => issue.path),
        });
      }
      throw error;
    }
  }

  #openStream(spec: Omit<RequestSpec<ChatStream>, 'read' | 'timeout' | 'accept'>, options: StreamOptions = {}): Promise<ChatStream> {
    const { idleTimeoutMs, autoFailJob = true, ...requestOptions } = options;
    const totalTimeoutMs = options.timeoutMs ?? this.#options.timeouts.stream;
    const idle = idleTimeoutMs ?? Math.min(this.#options.timeouts.streamIdle, totalTimeoutMs);
    const startedAt = performance.now();
    const { jobId } = spec;
    const onFailure = jobId !== undefined && autoFailJob ? (error: SaaSLLMError) => this.#autoFail(jobId, error) : undefined;
    return this.#pipeline.execute<ChatStream>(
      {
        ...spec,
        timeout: 'stream',
        accept: 'text/event-stream',
        read: async (response, { info, attempts }) => {
          const contentType = response.headers.get('content-type') ?? '';
          if (!contentType.includes('text/event-stream')) {
            const text = this.#options.virtualKey.redact(await response.text());
            throw new ResponseValidationError(`The server answered ${response.status} with ${contentType || 'no content type'} instead of an event stream.`, {
              issues: [{ path: '(root)', message: 'not text/event-stream' }],
              body: text,
            });
          }
          return new ChatStream({
            response,
            info: { ...info, requestId: readRequestId(response.headers) ?? info.requestId },
            attempts,
            signal: options.signal,
            totalTimeoutMs,
            idleTimeoutMs: idle,
            observer: this.#observer,
            startedAt,
            onFailure,
          });
        },
      },
      requestOptions,
    );
  }

  /** A failed stream leaves no open job: complete it `failed` with a short reason, once. */
  async #autoFail(jobId: string, error: SaaSLLMError): Promise<void> {
    const chunks = (error as { chunkCount?: number }).chunkCount ?? 0;
    const phase = (error as Partial<TimeoutError>).phase;
    const reason =
      error instanceof StreamError
        ? `Stream failed after ${chunks} chunks: ${error.detail}`
        : `Stream ${phase ? `timed out (${phase})` : 'interrupted'} after ${chunks} chunks (${error.code}).`;
    const lifecycle = { completeOnce: this.#completeOnce.bind(this), observer: this.#observer };
    if (await failJobAfter(error, jobId, reason, lifecycle)) {
      this.#observer.log('info', 'job auto-failed after a stream failure', { jobId, requestId: error.requestId, errorCode: error.code });
    }
  }

  /** Complete unless this client already did (then resolve false: a second completion can charge twice). */
  async #completeOnce(jobId: string, status: CompleteStatus, errorMessage?: string): Promise<boolean> {
    if (this.#completions.has(jobId)) return false;
    await this.completeJob(jobId, status, errorMessage === undefined ? {} : { error_message: this.#options.virtualKey.redact(errorMessage) });
    return true;
  }

  #jobHandle(job: CreateJobResponse): JobHandle {
    const jobId = job.job_id;
    return {
      ...job,
      chat: (params, options) => this.chat(jobId, params, options),
      chatStream: (params, options) => this.chatStream(jobId, params, options),
      structuredOutput: (params, schema, options) => this.structuredOutput(jobId, params, schema, options),
      updateMetadata: (metadata, options) => this.updateJobMetadata(jobId, metadata, options),
    };
  }

  #sendForJob<S extends z.ZodType>(
    operation: string,
    method: RequestSpec<unknown>['method'],
    endpoint: string,
    jobId: string,
    spec: Pick<RequestSpec<unknown>, 'timeout' | 'idempotent'> & { body?: unknown },
    schema: S,
    options: RequestOptions | undefined,
  ): Promise<z.output<S>> {
    this.#validate(JobIdSchema, jobId, operation, 'jobId');
    const jobSpec = { operation, method, endpoint, pathParams: { job_id: jobId }, jobId, authenticated: true, ...spec };
    return this.#send<S>(jobSpec, schema, options);
  }

  #sendForTeam<S extends z.ZodType>(
    operation: string,
    method: RequestSpec<unknown>['method'],
    endpoint: string,
    query: Record<string, string | number | undefined>,
    schema: S,
    options: RequestOptions | undefined,
  ): Promise<z.output<S>> {
    return this.#send(
      { operation, method, endpoint, pathParams: { team_id: this.#options.teamId }, query, timeout: 'default', authenticated: true, idempotent: true },
      schema,
      options,
    );
  }
}

/** What `health()` resolves to when the API answered. */
export type HealthStatus = Health & { ok: true; latencyMs: number };

/** What `health({ throwOnError: false })` resolves to when it did not. */
export interface HealthFailure {
  ok: false;
  latencyMs: number;
  error: SaaSLLMError;
}

/** The job `withJob` hands to its work: the created job, with the per-job calls bound to its id. */
export interface JobHandle extends CreateJobResponse {
  chat(params: ChatParams, options?: RequestOptions): Promise<ChatResponse>;
  chatStream(params: ChatParams, options?: StreamOptions): Promise<ChatStream>;
  structuredOutput<S extends z.ZodType>(
    params: Omit<ChatParams, 'response_format'>,
    schema: S,
    options?: RequestOptions & { schemaName?: string },
  ): Promise<z.output<S>>;
  updateMetadata(metadata: Metadata, options?: RequestOptions): Promise<UpdateMetadataResponse>;
}

/** The server forwards an explicit null to the provider with undefined results: omit it instead. */
function withoutNulls<T extends Record<string, unknown>>(params: T): T {
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== null && value !== undefined)) as T;
}
