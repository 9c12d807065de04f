import type * as z from 'zod';
import { Pipeline, type Policy } from './core/pipeline.js';
import { CircuitBreakerPolicy, type CircuitState } from './policies/circuit-breaker.js';
import { RetryPolicy } from './policies/retry.js';
import { RetryBudget } from './policies/retry-budget.js';
import { jsonReader } from './core/parse.js';
import type { RequestSpec } from './core/request.js';
import { INSPECT } from './core/secret.js';
import { validateInput } from './core/validate.js';
import { InvalidRequestError } from './errors.js';
import { CompletionRegistry } from './jobs/completion-registry.js';
import { Observer } from './observability/observer.js';
import { resolveOptions, type ClientOptions, type RequestOptions, type ResolvedOptions } from './options.js';
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

  /**
   * @param options - see {@link ClientOptions}; `baseUrl`, `teamId` and `virtualKey` fall back to
   * `SAAS_LITELLM_API_URL`, `SAAS_LITELLM_TEAM_ID` and `SAAS_LITELLM_VIRTUAL_KEY`.
   * @throws InvalidRequestError when one of the three is missing or `baseUrl` is not an http(s) URL.
   */
  constructor(options: ClientOptions = {}) {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
    this.#options = resolveOptions(options, env);
    const observer = new Observer(this.#options, env);
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

  /** Liveness of the API (does not check its database). */
  async health(options?: RequestOptions): Promise<Health> {
    return this.#send(
      { operation: 'health', method: 'GET', endpoint: '/health', timeout: 'default', authenticated: false, idempotent: true },
      HealthSchema,
      options,
    );
  }

  /**
   * Create a job (status `PENDING`). Pass a job type, or `{ job_type, user_id?, metadata? }`.
   *
   * @example
   * const { job_id } = await client.createJob({ job_type: 'ticket_triage', user_id: 'u-42', metadata: { ticket: 7 } });
   */
  async createJob(jobTypeOrParams: string | CreateJobParams, options?: RequestOptions): Promise<CreateJobResponse> {
    const params = typeof jobTypeOrParams === 'string' ? { job_type: jobTypeOrParams } : jobTypeOrParams;
    const { team_id: _ignored, ...body } = validateInput(CreateJobParamsSchema, params, 'createJob');
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
    validateInput(CompleteJobParamsSchema.shape.metadata.unwrap(), metadata, 'updateJobMetadata', 'metadata');
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
    const body = withoutNulls(validateInput(ChatParamsSchema, params, 'chat'));
    return this.#sendForJob('chat', 'POST', `${JOB}/llm-call`, jobId, { timeout: 'llmCall', idempotent: false, body }, ChatResponseSchema, options);
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
    validateInput(JobIdSchema, jobId, 'completeJob', 'jobId');
    const body = validateInput(
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
    const { team_id: _ignored, ...rest } = withoutNulls(validateInput(CreateAndCallParamsSchema, params, 'createAndCall'));
    return this.#send(
      {
        operation: 'createAndCall',
        method: 'POST',
        endpoint: '/api/jobs/create-and-call',
        body: { team_id: this.#options.teamId, ...rest },
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
    const checked = validateInput(ListJobsQuerySchema, query, 'listJobs');
    return this.#sendForTeam('listJobs', 'GET', '/api/teams/{team_id}/jobs', checked, JobListSchema, options);
  }

  /** Usage summary for a period (`YYYY-MM` or `YYYY`). */
  async getUsage(query: UsageQuery | string, options?: RequestOptions): Promise<TeamUsage> {
    const checked = validateInput(UsageQuerySchema, typeof query === 'string' ? { period: query } : query, 'getUsage');
    return this.#sendForTeam('getUsage', 'GET', '/api/teams/{team_id}/usage', checked, TeamUsageSchema, options);
  }

  /** The team's credit account. */
  async getCreditBalance(options?: RequestOptions): Promise<CreditBalance> {
    return this.#sendForTeam('getCreditBalance', 'GET', '/api/credits/teams/{team_id}/balance', {}, CreditBalanceSchema, options);
  }

  /** The team's credit ledger, newest first. */
  async listCreditTransactions(query: TransactionsQuery = {}, options?: RequestOptions): Promise<CreditTransactionList> {
    const checked = validateInput(TransactionsQuerySchema, query, 'listCreditTransactions');
    return this.#sendForTeam('listCreditTransactions', 'GET', '/api/credits/teams/{team_id}/transactions', checked, CreditTransactionListSchema, options);
  }

  /**
   * Whether the team has at least `creditsNeeded` credits. Resolves either way; check `has_credits`.
   * @param creditsNeeded - @default 1
   */
  async checkCredits(creditsNeeded = 1, options?: RequestOptions): Promise<CreditCheck> {
    const credits_needed = validateInput(CreditsNeededSchema, creditsNeeded, 'checkCredits', 'creditsNeeded');
    return this.#sendForTeam('checkCredits', 'POST', '/api/credits/teams/{team_id}/check', { credits_needed }, CreditCheckSchema, options);
  }

  /** Resolve a model group for this team (model groups only; an alias name gives NotFoundError). */
  async resolveModelGroup(groupName: string, options?: RequestOptions): Promise<ModelGroupResolution> {
    const name = validateInput(ModelNameSchema, groupName, 'resolveModelGroup', 'groupName');
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
    const checked = validateInput(ListModelsQuerySchema, query, 'listModels');
    return this.#send(
      { operation: 'listModels', method: 'GET', endpoint: '/api/models', query: checked, timeout: 'default', authenticated: false, idempotent: true },
      ModelListSchema,
      options,
    );
  }

  /** One model alias. */
  async getModel(alias: string, options?: RequestOptions): Promise<ModelAlias> {
    const name = validateInput(ModelNameSchema, alias, 'getModel', 'alias');
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

  #sendForJob<S extends z.ZodType>(
    operation: string,
    method: RequestSpec<unknown>['method'],
    endpoint: string,
    jobId: string,
    spec: Pick<RequestSpec<unknown>, 'timeout' | 'idempotent'> & { body?: unknown },
    schema: S,
    options: RequestOptions | undefined,
  ): Promise<z.output<S>> {
    validateInput(JobIdSchema, jobId, operation, 'jobId');
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

/** The server forwards an explicit null to the provider with undefined results: omit it instead. */
function withoutNulls<T extends Record<string, unknown>>(params: T): T {
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== null && value !== undefined)) as T;
}
