/**
 * A stateful emulator of the SaaS LiteLLM API as a plain `(request: Request) => Promise<Response>`.
 * It reproduces the wire contract: check order (JSON → auth → validation → handler), every error text,
 * the plain-text 500s, credits and costs. Pass `emulator.fetch` as the client's `fetch`, or mount it
 * with msw through `createHandlers`.
 */
import {
  DEFAULT_MODEL_GROUPS,
  DEFAULT_MODELS,
  DEFAULT_TEAMS,
  type EmulatorModelGroupInit,
  type EmulatorModelInit,
  type EmulatorTeamInit,
} from './fixtures.js';
import { detail, json, naiveTimestamp, plainTextServerError, zTimestamp } from './responses.js';
import { costTotals, EmulatorState, round, type JobRecord, type TeamRecord } from './state.js';
import { callUpstream, type ReplyFunction } from './upstream.js';
import { streamRoutes, type JobStreamRoute } from './stream-routes.js';
import { parseJsonBody, queryInt, unprocessable, validateBody, type FieldRule } from './validation.js';

/** Middleware around the emulator: answer, delay, fail, or pass to `next`. */
export type Fault = (request: Request, next: (request: Request) => Promise<Response>) => Promise<Response>;

/** One request the emulator saw. */
export interface RecordedRequest {
  method: string;
  /** Path without the query, e.g. `/api/jobs/create`. */
  path: string;
  url: string;
  headers: Record<string, string>;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
}

export interface EmulatorOptions {
  /** @default DEFAULT_TEAMS (active, suspended and zero-credit teams) */
  teams?: readonly EmulatorTeamInit[];
  /** @default DEFAULT_MODELS (one per provider) */
  models?: readonly EmulatorModelInit[];
  /** @default DEFAULT_MODEL_GROUPS */
  modelGroups?: readonly EmulatorModelGroupInit[];
  /** Choose the provider's reply text (default: an echo of the last user message). */
  reply?: ReplyFunction;
  /** Providers with no credentials configured: calls fail with the server's configuration error. */
  providersWithoutCredentials?: readonly string[];
  /** Faults applied to every request, outermost first. */
  faults?: readonly Fault[];
  /** Clock for timestamps. @default () => new Date() */
  now?: () => Date;
  /**
   * The per-job stream route (`/api/jobs/{job_id}/llm-call-stream`): `as-deployed` reproduces the server
   * at HEAD, where every call ends in one error frame (`'Response' object does not support the
   * asynchronous context manager protocol`); `fixed` streams as that route would once the bug is fixed.
   * @default 'as-deployed'
   */
  jobStreamRoute?: JobStreamRoute;
}

export interface RouteContext {
  request: Request;
  url: URL;
  params: string[];
  body: Record<string, unknown>;
  team: TeamRecord;
}

/** @internal A route of the emulator. */
export interface Route {
  method: string;
  pattern: RegExp;
  auth: boolean;
  rules?: Record<string, FieldRule>;
  handle: (context: RouteContext) => Response | Promise<Response>;
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const LLM_RULES: Record<string, FieldRule> = {
  model: { kind: 'str', required: true },
  messages: { kind: 'list', required: true },
  purpose: { kind: 'str' },
  call_metadata: { kind: 'dict' },
  temperature: { kind: 'number' },
  max_tokens: { kind: 'int' },
  response_format: { kind: 'dict' },
  tools: { kind: 'list' },
  tool_choice: { kind: 'any' },
  top_p: { kind: 'number' },
  frequency_penalty: { kind: 'number' },
  presence_penalty: { kind: 'number' },
  stop: { kind: 'list' },
};
const SINGLE_CALL_RULES: Record<string, FieldRule> = {
  ...LLM_RULES,
  team_id: { kind: 'str', required: true },
  job_type: { kind: 'str', required: true },
  user_id: { kind: 'str' },
  job_metadata: { kind: 'dict' },
};
const AUTH_HINT = "Expected: 'Authorization: Bearer sk-xxx...'";
const JOB_STATUSES = ['PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'CANCELLED'];

/** Thrown by the emulator when a fault asks for a network failure; `fetch` rejects with it. */
export class EmulatedNetworkError extends TypeError {
  constructor(code: string) {
    super('fetch failed', { cause: Object.assign(new Error(`emulated ${code}`), { code }) });
  }
}

export class Emulator {
  readonly state: EmulatorState;
  /** Every request seen, in order (faulted ones included). */
  readonly requests: RecordedRequest[] = [];
  readonly #options: EmulatorOptions;
  readonly #faults: Fault[];
  readonly #routes: Route[];

  constructor(options: EmulatorOptions = {}) {
    this.#options = options;
    this.#faults = [...(options.faults ?? [])];
    this.state = new EmulatorState(
      options.teams ?? DEFAULT_TEAMS,
      options.models ?? DEFAULT_MODELS,
      options.modelGroups ?? DEFAULT_MODEL_GROUPS,
      options.now ?? (() => new Date()),
    );
    this.#routes = [...this.#jsonRoutes(), ...streamRoutes(this, LLM_RULES, SINGLE_CALL_RULES, options.jobStreamRoute ?? 'as-deployed')];
  }

  /** The emulator as a `fetch` function: pass it as the client's `fetch` option. */
  readonly fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
    this.handle(input instanceof Request && init === undefined ? input : new Request(input, init));

  /** Add faults (applied outermost first, after those already installed). */
  use(...faults: Fault[]): this {
    this.#faults.push(...faults);
    return this;
  }

  /** Remove every fault. */
  clearFaults(): this {
    this.#faults.length = 0;
    return this;
  }

  /** Requests whose path matches (all when omitted). */
  requestsTo(path?: string | RegExp): RecordedRequest[] {
    if (path === undefined) return [...this.requests];
    return this.requests.filter((recorded) => (typeof path === 'string' ? recorded.path === path : path.test(recorded.path)));
  }

  /** A job as stored, or undefined. */
  job(jobId: string): JobRecord | undefined {
    return this.state.jobs.get(jobId.toLowerCase());
  }

  async handle(request: Request): Promise<Response> {
    await this.#record(request);
    const chain = this.#faults.reduceRight<(request: Request) => Promise<Response>>(
      (next, fault) => (current) => fault(current, next),
      (current) => this.#route(current),
    );
    return chain(request);
  }

  async #record(request: Request): Promise<void> {
    const url = new URL(request.url);
    const text = request.body === null ? '' : await request.clone().text();
    let body: unknown = text === '' ? undefined : text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // keep the raw text
    }
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    this.requests.push({ method: request.method, path: url.pathname, url: request.url, headers, body });
  }

  async #route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const matching = this.#routes.filter((route) => route.pattern.test(url.pathname));
    if (matching.length === 0) return detail(404, 'Not Found');
    const route = matching.find((candidate) => candidate.method === request.method);
    if (route === undefined) return detail(405, 'Method Not Allowed');
    const params = route.pattern.exec(url.pathname)?.slice(1).map(decodeURIComponent) ?? [];

    let body: Record<string, unknown> = {};
    if (route.rules) {
      const parsed = parseJsonBody(await request.text());
      if ('error' in parsed) return parsed.error;
      if (typeof parsed.body !== 'object' || parsed.body === null || Array.isArray(parsed.body)) {
        if (route.auth) {
          const denied = this.#authenticate(request);
          if (denied instanceof Response) return denied;
        }
        return unprocessable([{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: parsed.body ?? null }]);
      }
      body = parsed.body as Record<string, unknown>;
    }
    const team = route.auth ? this.#authenticate(request) : undefined;
    if (team instanceof Response) return team;
    if (route.rules) {
      const issues = validateBody(body, route.rules);
      if (issues.length > 0) return unprocessable(issues);
    }
    return route.handle({ request, url, params, body, team: team as TeamRecord });
  }

  #authenticate(request: Request): TeamRecord | Response {
    const header = request.headers.get('authorization');
    if (header === null || header.trim() === '') return detail(401, `Missing Authorization header. ${AUTH_HINT}`);
    const parts = header.trim().split(/\s+/);
    if (parts.length !== 2 || parts[0]?.toLowerCase() !== 'bearer') return detail(401, `Invalid Authorization header format. ${AUTH_HINT}`);
    const team = this.state.teamByKey(parts[1] as string);
    if (team === undefined) return detail(401, 'Invalid API key');
    if (team.status !== 'active') return detail(403, `Team access is ${team.status}. Please contact support.`);
    return team;
  }

  /** Whether the provider has credentials configured (see `providersWithoutCredentials`). */
  hasCredentials(provider: string): boolean {
    return !this.#options.providersWithoutCredentials?.includes(provider);
  }

  /** Shared steps of the `/api/jobs/{job_id}/...` routes: UUID, existence, ownership. */
  ownJob(context: RouteContext): JobRecord | Response {
    const jobId = context.params[0] ?? '';
    if (!UUID.test(jobId)) return plainTextServerError();
    const job = this.state.jobs.get(jobId.toLowerCase());
    if (job === undefined) return detail(404, 'Job not found');
    if (job.team_id !== context.team.teamId) return detail(403, 'Job does not belong to your team');
    return job;
  }

  newJob(team: TeamRecord, body: Record<string, unknown>, status: JobRecord['status'], metadataField: string): JobRecord | Response {
    const jobType = body.job_type as string;
    const userId = (body.user_id as string | null | undefined) ?? null;
    if (jobType.length > 100 || (userId !== null && userId.length > 255)) return plainTextServerError();
    const now = this.state.now();
    const job: JobRecord = {
      job_id: globalThis.crypto.randomUUID(),
      team_id: team.teamId,
      user_id: userId,
      job_type: jobType,
      status,
      created_at: now,
      started_at: status === 'IN_PROGRESS' ? now : null,
      completed_at: null,
      metadata: metadataField in body ? ((body[metadataField] as Record<string, unknown> | null) ?? null) : {},
      error_message: null,
      credit_applied: false,
      model_groups_used: [],
      calls: [],
      completions: 0,
    };
    this.state.jobs.set(job.job_id, job);
    return job;
  }

  /**
   * One provider call recorded on `job`, as the non-streaming routes do. Returns the call, or the
   * response to send (403 for model resolution, 500 `LLM call failed`).
   */
  llmCall(job: JobRecord, team: TeamRecord, body: Record<string, unknown>, chargeClientCost: boolean) {
    const model = body.model as string;
    const purpose = (body.purpose as string | null | undefined) ?? null;
    if (model.length > 100 || (purpose !== null && purpose.length > 200)) return plainTextServerError();
    const resolved = this.state.resolveModel(team, model);
    if (typeof resolved === 'string') return { denied: resolved };
    if (!job.model_groups_used.includes(model)) job.model_groups_used.push(model);
    const base = { call_id: globalThis.crypto.randomUUID(), model_group: model, purpose, created_at: this.state.now() };
    if (this.#options.providersWithoutCredentials?.includes(resolved.provider)) {
      const failure = `500: No provider credentials configured for ${resolved.provider}. Please add credentials in the admin dashboard.`;
      job.calls.push({ ...base, model: null, prompt_tokens: 0, completion_tokens: 0, latency_ms: null, cost_usd: 0, client_cost_usd: 0, error: failure });
      return { failure };
    }
    const reply = callUpstream(
      { model: resolved, messages: body.messages as Array<Record<string, unknown>>, responseFormat: body.response_format as Record<string, unknown> | undefined },
      this.#options.reply,
    );
    if ('failure' in reply) {
      job.calls.push({ ...base, model: null, prompt_tokens: 0, completion_tokens: 0, latency_ms: null, cost_usd: 0, client_cost_usd: 0, error: reply.failure.slice(0, 1000) });
      return { failure: reply.failure };
    }
    const cost = round((reply.promptTokens * resolved.pricingInput + reply.completionTokens * resolved.pricingOutput) / 1_000_000, 6);
    const call = {
      ...base,
      model: resolved.name,
      prompt_tokens: reply.promptTokens,
      completion_tokens: reply.completionTokens,
      latency_ms: reply.latencyMs,
      cost_usd: cost,
      client_cost_usd: chargeClientCost ? round(cost * (1 + team.costMarkupPercentage / 100), 6) : 0,
      error: null,
    };
    job.calls.push(call);
    return { call, reply, resolved };
  }

  /**
   * What both create-and-call routes do before answering: the team check, a new IN_PROGRESS job, the
   * call. A refusal comes back as the response to send (a model refusal marks the job FAILED first).
   */
  singleCall(team: TeamRecord, body: Record<string, unknown>) {
    if (body.team_id !== team.teamId) return detail(403, `API key does not belong to team '${String(body.team_id)}'`);
    const job = this.newJob(team, body, 'IN_PROGRESS', 'job_metadata');
    if (job instanceof Response) return job;
    const outcome = this.llmCall(job, team, body, false);
    if (outcome instanceof Response) return outcome;
    if ('denied' in outcome) {
      job.status = 'FAILED';
      return detail(403, outcome.denied);
    }
    return { job, outcome };
  }

  costSummary(job: JobRecord, team: TeamRecord) {
    const totals = costTotals(job);
    return {
      total_calls: totals.calls,
      successful_calls: totals.successful,
      failed_calls: totals.failed,
      total_tokens: totals.tokens,
      total_cost_usd: totals.clientCost,
      avg_latency_ms: totals.avgLatency,
      credit_applied: job.credit_applied,
      credits_remaining: this.state.creditsRemaining(team),
    };
  }

  jobJson(job: JobRecord) {
    return {
      job_id: job.job_id,
      team_id: job.team_id,
      user_id: job.user_id,
      job_type: job.job_type,
      status: job.status,
      created_at: zTimestamp(job.created_at),
      started_at: job.started_at && zTimestamp(job.started_at),
      completed_at: job.completed_at && zTimestamp(job.completed_at),
      metadata: job.metadata,
      error_message: job.error_message,
      organization_id: null,
      external_task_id: null,
      credit_applied: job.credit_applied,
      model_groups_used: job.model_groups_used,
    };
  }

  #jsonRoutes(): Route[] {
    const state = this.state;
    const jobRoute = (method: string, suffix: string, handle: (job: JobRecord, context: RouteContext) => Response, rules?: Record<string, FieldRule>): Route => ({
      method,
      pattern: new RegExp(`^/api/jobs/([^/]+)${suffix}$`),
      auth: true,
      ...(rules ? { rules } : {}),
      handle: (context) => {
        const job = this.ownJob(context);
        return job instanceof Response ? job : handle(job, context);
      },
    });
    const teamRoute = (method: string, path: string, mismatch: string, handle: (context: RouteContext) => Response): Route => ({
      method,
      pattern: new RegExp(`^${path.replace('{team}', '([^/]+)')}$`),
      auth: true,
      handle: (context) => (context.params[0] !== context.team.teamId ? detail(403, mismatch) : handle(context)),
    });

    return [
      { method: 'GET', pattern: /^\/health$/, auth: false, handle: () => json(200, { status: 'healthy', service: 'saas-llm-api' }) },
      {
        method: 'POST',
        pattern: /^\/api\/jobs\/create$/,
        auth: true,
        rules: { team_id: { kind: 'str', required: true }, job_type: { kind: 'str', required: true }, user_id: { kind: 'str' }, metadata: { kind: 'dict' } },
        handle: ({ body, team }) => {
          if (body.team_id !== team.teamId) return detail(403, `API key does not belong to team '${String(body.team_id)}'`);
          const job = this.newJob(team, body, 'PENDING', 'metadata');
          if (job instanceof Response) return job;
          return json(200, { job_id: job.job_id, status: job.status, created_at: naiveTimestamp(job.created_at) });
        },
      },
      {
        method: 'POST',
        pattern: /^\/api\/jobs\/create-and-call$/,
        auth: true,
        rules: SINGLE_CALL_RULES,
        handle: ({ body, team }) => {
          const started = this.singleCall(team, body);
          if (started instanceof Response) return started;
          const { job, outcome } = started;
          if ('failure' in outcome) {
            job.status = 'FAILED';
            job.error_message = `LLM call failed: ${outcome.failure}`.slice(0, 1000);
            job.completed_at = state.now();
            return detail(500, `LLM call failed: ${outcome.failure}`);
          }
          job.status = 'COMPLETED';
          job.completed_at = state.now();
          state.chargeJob(team, job);
          return json(200, {
            job_id: job.job_id,
            status: job.status,
            response: { content: outcome.reply.content, finish_reason: outcome.reply.finishReason },
            metadata: { tokens_used: outcome.call.prompt_tokens + outcome.call.completion_tokens, latency_ms: outcome.reply.latencyMs, model: body.model },
            costs: this.costSummary(job, team),
            completed_at: naiveTimestamp(job.completed_at),
          });
        },
      },
      jobRoute('GET', '', (job) => json(200, this.jobJson(job))),
      jobRoute(
        'PATCH',
        '/metadata',
        (job, { body }) => {
          job.metadata = { ...(job.metadata ?? {}), ...(body.metadata as Record<string, unknown>) };
          return json(200, { job_id: job.job_id, metadata: job.metadata, updated_at: naiveTimestamp(state.now()) });
        },
        { metadata: { kind: 'dict', required: true, nullable: false } },
      ),
      jobRoute(
        'POST',
        '/llm-call',
        (job, { body, team }) => {
          if (job.status === 'PENDING') {
            job.status = 'IN_PROGRESS';
            job.started_at = state.now();
          }
          const outcome = this.llmCall(job, team, body, true);
          if (outcome instanceof Response) return outcome;
          if ('denied' in outcome) return detail(403, outcome.denied);
          if ('failure' in outcome) return detail(500, `LLM call failed: ${outcome.failure}`);
          const callMetadata = body.call_metadata as Record<string, unknown> | null | undefined;
          if (callMetadata) job.metadata = { ...(job.metadata ?? {}), ...callMetadata };
          return json(200, {
            call_id: outcome.call.call_id,
            response: { content: outcome.reply.content, finish_reason: outcome.reply.finishReason },
            metadata: { tokens_used: outcome.call.prompt_tokens + outcome.call.completion_tokens, latency_ms: outcome.reply.latencyMs, model: body.model },
          });
        },
        LLM_RULES,
      ),
      jobRoute(
        'POST',
        '/complete',
        (job, { body, team }) => {
          const errorMessage = (body.error_message as string | null | undefined) ?? null;
          if (errorMessage !== null && errorMessage.length > 1000) return plainTextServerError();
          const metadata = body.metadata as Record<string, unknown> | null | undefined;
          if (metadata && Object.keys(metadata).length > 0) {
            if (job.metadata === null) return plainTextServerError();
            job.metadata = { ...job.metadata, ...metadata };
          }
          job.completions += 1;
          job.status = body.status === 'completed' ? 'COMPLETED' : 'FAILED';
          job.completed_at = state.now();
          if (errorMessage) job.error_message = errorMessage;
          if (body.status === 'completed') state.chargeJob(team, job);
          else job.credit_applied = false;
          return json(200, {
            job_id: job.job_id,
            status: job.status,
            completed_at: naiveTimestamp(job.completed_at),
            costs: this.costSummary(job, team),
            calls: job.calls.map((call) => ({
              call_id: call.call_id,
              purpose: call.purpose,
              model_group: call.model_group,
              tokens: call.prompt_tokens + call.completion_tokens,
              latency_ms: call.latency_ms,
              error: call.error,
            })),
          });
        },
        { status: { kind: 'str', required: true, literal: ['completed', 'failed'] }, metadata: { kind: 'dict' }, error_message: { kind: 'str' } },
      ),
      jobRoute('GET', '/costs', (job) =>
        json(200, {
          job_id: job.job_id,
          team_id: job.team_id,
          job_type: job.job_type,
          status: job.status,
          costs: {
            total_cost_usd: costTotals(job).providerCost,
            breakdown: job.calls.map((call) => ({
              call_id: call.call_id,
              model: call.model,
              purpose: call.purpose,
              prompt_tokens: call.prompt_tokens,
              completion_tokens: call.completion_tokens,
              cost_usd: call.cost_usd,
              created_at: naiveTimestamp(call.created_at),
            })),
          },
        }),
      ),
      teamRoute('GET', '/api/teams/{team}/jobs', 'Cannot access jobs for a different team', ({ url, team }) => {
        const limit = queryInt(url, 'limit', 100);
        const offset = queryInt(url, 'offset', 0);
        const issues = [limit, offset].filter((value) => typeof value !== 'number');
        if (issues.length > 0) return unprocessable(issues as never);
        const status = url.searchParams.get('status');
        if (status !== null && !JOB_STATUSES.includes(status)) return plainTextServerError();
        const jobs = [...state.jobs.values()]
          .filter((job) => job.team_id === team.teamId && (status === null || job.status === status))
          .sort((a, b) => b.created_at.getTime() - a.created_at.getTime())
          .slice(offset as number, (offset as number) + (limit as number));
        return json(200, { team_id: team.teamId, total: jobs.length, jobs: jobs.map((job) => this.jobJson(job)) });
      }),
      teamRoute('GET', '/api/teams/{team}/usage', 'Cannot access usage data for a different team', ({ url, team }) => {
        const period = url.searchParams.get('period');
        if (period === null) return unprocessable([{ type: 'missing', loc: ['query', 'period'], msg: 'Field required', input: null }]);
        const jobs = [...state.jobs.values()].filter((job) => job.team_id === team.teamId && job.created_at.toISOString().slice(0, 7).startsWith(period));
        const costs = jobs.map((job) => costTotals(job));
        const totalCost = costs.reduce((sum, cost) => sum + cost.clientCost, 0);
        const jobTypes: Record<string, { count: number; cost_usd: number }> = {};
        jobs.forEach((job, index) => {
          const entry = (jobTypes[job.job_type] ??= { count: 0, cost_usd: 0 });
          entry.count += 1;
          entry.cost_usd = round(entry.cost_usd + (costs[index]?.clientCost ?? 0), 6);
        });
        return json(200, {
          team_id: team.teamId,
          period,
          summary: {
            total_jobs: jobs.length,
            successful_jobs: jobs.filter((job) => job.status === 'COMPLETED').length,
            failed_jobs: jobs.filter((job) => job.status === 'FAILED').length,
            total_cost_usd: round(totalCost, 2),
            total_tokens: costs.reduce((sum, cost) => sum + cost.tokens, 0),
            avg_cost_per_job: jobs.length === 0 ? 0 : round(totalCost / jobs.length, 4),
          },
          job_types: jobTypes,
        });
      }),
      teamRoute('GET', '/api/credits/teams/{team}/balance', 'Cannot access credit balance for a different team', ({ team }) => json(200, this.balanceJson(team))),
      teamRoute('GET', '/api/credits/teams/{team}/transactions', 'Cannot access credit transactions for a different team', ({ url, team }) => {
        const limit = queryInt(url, 'limit', 50);
        if (typeof limit !== 'number') return unprocessable([limit]);
        const transactions = state.transactions.filter((entry) => entry.team_id === team.teamId).slice(0, limit);
        return json(200, {
          team_id: team.teamId,
          total: transactions.length,
          transactions: transactions.map((entry) => ({ ...entry, organization_id: team.organizationId, created_at: zTimestamp(entry.created_at) })),
        });
      }),
      teamRoute('POST', '/api/credits/teams/{team}/check', 'Cannot check credits for a different team', ({ url, team }) => {
        const needed = queryInt(url, 'credits_needed', 1);
        if (typeof needed !== 'number') return unprocessable([needed]);
        const remaining = state.creditsRemaining(team);
        if (remaining >= needed) return json(200, { team_id: team.teamId, has_credits: true, credits_remaining: remaining, credits_needed: needed });
        return json(200, {
          team_id: team.teamId,
          has_credits: false,
          error: `Insufficient credits. Team has ${remaining} credits remaining, but ${needed} required. Allocated: ${team.creditsAllocated}, Used: ${team.creditsUsed}`,
          credits_needed: needed,
        });
      }),
      {
        method: 'GET',
        pattern: /^\/api\/model-groups\/([^/]+)\/resolve$/,
        auth: true,
        handle: ({ url, params, team }) => {
          const teamId = url.searchParams.get('team_id');
          if (teamId === null) return unprocessable([{ type: 'missing', loc: ['query', 'team_id'], msg: 'Field required', input: null }]);
          if (teamId !== team.teamId) return detail(403, 'Cannot resolve model group for a different team');
          const name = params[0] ?? '';
          const group = state.modelGroups.get(name);
          if (group === undefined) return detail(404, `Model group '${name}' not found`);
          if (!team.modelGroups.includes(name)) {
            return json(200, { group_name: name, primary_model: null, fallback_models: [], team_has_access: false, error: `Team '${team.teamId}' does not have access to model group '${name}'` });
          }
          if (group.status !== 'active') return detail(403, `Model group '${name}' not found or inactive`);
          const [primary, ...fallbacks] = group.models;
          if (primary === undefined) return detail(403, `No active models configured for group '${name}'`);
          return json(200, { group_name: name, primary_model: primary, fallback_models: fallbacks, team_has_access: true });
        },
      },
      {
        method: 'GET',
        pattern: /^\/api\/models$/,
        auth: false,
        handle: ({ url }) => {
          const filters = ['status', 'provider', 'access_group'].map((name) => [name, url.searchParams.get(name)] as const);
          const models = [...state.models.values()].filter((model) =>
            filters.every(([name, value]) => value === null || (name === 'access_group' ? model.access_groups.includes(value) : model[name as 'status' | 'provider'] === value)),
          );
          return json(200, models.map((model) => this.modelJson(model.model_alias)));
        },
      },
      {
        method: 'GET',
        pattern: /^\/api\/models\/([^/]+)$/,
        auth: false,
        handle: ({ params }) => {
          const alias = params[0] ?? '';
          return state.models.has(alias) ? json(200, this.modelJson(alias)) : detail(404, `Model alias '${alias}' not found`);
        },
      },
    ];
  }

  balanceJson(team: TeamRecord) {
    return {
      team_id: team.teamId,
      organization_id: team.organizationId,
      credits_allocated: team.creditsAllocated,
      credits_used: team.creditsUsed,
      credits_remaining: this.state.creditsRemaining(team),
      credit_limit: null,
      auto_refill: false,
      refill_amount: null,
      refill_period: null,
      last_refill_at: null,
      budget_mode: team.budgetMode,
      credits_per_dollar: team.creditsPerDollar,
      tokens_per_credit: team.tokensPerCredit,
      cost_markup_percentage: team.costMarkupPercentage,
      status: team.status,
      created_at: zTimestamp(team.createdAt),
      updated_at: zTimestamp(team.updatedAt),
    };
  }

  modelJson(alias: string) {
    const model = this.state.models.get(alias);
    if (model === undefined) return undefined;
    return {
      model_alias: model.model_alias,
      display_name: model.display_name,
      provider: model.provider,
      actual_model: model.actual_model,
      litellm_model_id: null,
      access_groups: model.access_groups,
      description: null,
      pricing_input: model.pricing_input,
      pricing_output: model.pricing_output,
      status: model.status,
      teams_using: null,
      created_at: naiveTimestamp(model.created_at),
      updated_at: naiveTimestamp(model.updated_at),
    };
  }
}

/** Create an emulator with the default teams and models (see fixtures). */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  return new Emulator(options);
}
