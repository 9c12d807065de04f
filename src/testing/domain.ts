/**
 * What the server does with jobs and calls, apart from any route: creating and owning jobs, recording a
 * provider call with its cost, completing a job and charging it. Routes translate these outcomes into
 * statuses and bodies.
 */
import { detail, plainTextServerError } from './responses.js';
import { round, type CallRecord, type EmulatorState, type JobRecord, type ResolvedModel, type TeamRecord } from './state.js';
import { callUpstream, type ReplyFunction, type UpstreamReply } from './upstream.js';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export interface DomainOptions {
  reply: ReplyFunction | undefined;
  providersWithoutCredentials: readonly string[];
}

/** A recorded call that succeeded, with the provider's reply. */
export interface CallMade {
  call: CallRecord;
  reply: UpstreamReply;
  resolved: ResolvedModel;
}

/** A call outcome: made, refused by model resolution (403 text), or failed at the provider (500 text). */
export type CallOutcome = CallMade | { denied: string } | { failure: string };

export class EmulatorDomain {
  readonly #state: EmulatorState;
  readonly #options: DomainOptions;

  constructor(state: EmulatorState, options: DomainOptions) {
    this.#state = state;
    this.#options = options;
  }

  /** The `/api/jobs/{job_id}/...` checks in the server's order: UUID (else a plain 500), existence, ownership. */
  ownJob(jobId: string, team: TeamRecord): JobRecord | Response {
    if (!UUID.test(jobId)) return plainTextServerError();
    const job = this.#state.jobs.get(jobId.toLowerCase());
    if (job === undefined) return detail(404, 'Job not found');
    if (job.team_id !== team.teamId) return detail(403, 'Job does not belong to your team');
    return job;
  }

  newJob(team: TeamRecord, body: Record<string, unknown>, status: JobRecord['status'], metadataField: string): JobRecord | Response {
    const jobType = body.job_type as string;
    const userId = (body.user_id as string | null | undefined) ?? null;
    if (jobType.length > 100 || (userId !== null && userId.length > 255)) return plainTextServerError();
    const now = this.#state.now();
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
    this.#state.jobs.set(job.job_id, job);
    return job;
  }

  /** The first call on a PENDING job starts it. */
  startJob(job: JobRecord): void {
    if (job.status !== 'PENDING') return;
    job.status = 'IN_PROGRESS';
    job.started_at = this.#state.now();
  }

  /** Whether the provider has credentials configured (see `providersWithoutCredentials`). */
  hasCredentials(provider: string): boolean {
    return !this.#options.providersWithoutCredentials.includes(provider);
  }

  /** The server's text when a provider has no credentials. */
  credentialsFailure(provider: string): string {
    return `500: No provider credentials configured for ${provider}. Please add credentials in the admin dashboard.`;
  }

  /** One provider call recorded on `job`, as the non-streaming routes do (a plain 500 for over-long fields). */
  llmCall(job: JobRecord, team: TeamRecord, body: Record<string, unknown>, chargeClientCost: boolean): CallOutcome | Response {
    const model = body.model as string;
    const purpose = (body.purpose as string | null | undefined) ?? null;
    if (model.length > 100 || (purpose !== null && purpose.length > 200)) return plainTextServerError();
    const resolved = this.#state.resolveModel(team, model);
    if (typeof resolved === 'string') return { denied: resolved };
    if (!job.model_groups_used.includes(model)) job.model_groups_used.push(model);
    const base = { call_id: globalThis.crypto.randomUUID(), model_group: model, purpose, created_at: this.#state.now() };
    const failed = (failure: string): CallOutcome => {
      job.calls.push({ ...base, model: null, prompt_tokens: 0, completion_tokens: 0, latency_ms: null, cost_usd: 0, client_cost_usd: 0, error: failure.slice(0, 1000) });
      return { failure };
    };
    if (!this.hasCredentials(resolved.provider)) return failed(this.credentialsFailure(resolved.provider));
    const messages = body.messages as Array<Record<string, unknown>>;
    const reply = callUpstream({ model: resolved, messages, responseFormat: body.response_format as Record<string, unknown> | undefined }, this.#options.reply);
    if ('failure' in reply) return failed(reply.failure);
    const cost = round((reply.promptTokens * resolved.pricingInput + reply.completionTokens * resolved.pricingOutput) / 1_000_000, 6);
    const call: CallRecord = {
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
  singleCall(team: TeamRecord, body: Record<string, unknown>): { job: JobRecord; outcome: CallMade | { failure: string } } | Response {
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

  /** End a single-call job: COMPLETED and charged, or FAILED with the provider's text. */
  finishSingleCall(job: JobRecord, team: TeamRecord, failure: string | undefined): void {
    job.completed_at = this.#state.now();
    if (failure === undefined) {
      job.status = 'COMPLETED';
      this.#state.chargeJob(team, job);
    } else {
      job.status = 'FAILED';
      job.error_message = failure.slice(0, 1000);
    }
  }

  /**
   * `/complete`, as the server does it (contract §5.7): `completed` on a job not charged yet charges it;
   * any other completion (a second `completed`, or `failed`) clears `credit_applied` without a refund, so
   * the next `completed` charges again: `completed, completed, completed` is two deductions.
   */
  complete(job: JobRecord, team: TeamRecord, body: Record<string, unknown>): Response | undefined {
    const errorMessage = (body.error_message as string | null | undefined) ?? null;
    if (errorMessage !== null && errorMessage.length > 1000) return plainTextServerError();
    const metadata = body.metadata as Record<string, unknown> | null | undefined;
    if (metadata && Object.keys(metadata).length > 0) {
      if (job.metadata === null) return plainTextServerError();
      job.metadata = { ...job.metadata, ...metadata };
    }
    job.completions += 1;
    job.status = body.status === 'completed' ? 'COMPLETED' : 'FAILED';
    job.completed_at = this.#state.now();
    if (errorMessage) job.error_message = errorMessage;
    if (body.status === 'completed' && !job.credit_applied) this.#state.chargeJob(team, job);
    else job.credit_applied = false;
    return undefined;
  }
}
