/** The emulator's records as the server serialises them (field names, timestamp formats, nulls). */
import { naiveTimestamp, zTimestamp } from './responses.js';
import { costTotals, type EmulatorState, type JobRecord, type ModelGroupRecord, type ModelRecord, type TeamRecord } from './state.js';

export function jobJson(job: JobRecord) {
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

/** The `costs` of complete and create-and-call: marked-up client cost, credits after the charge. */
export function costSummaryJson(job: JobRecord, team: TeamRecord, state: EmulatorState) {
  const totals = costTotals(job);
  return {
    total_calls: totals.calls,
    successful_calls: totals.successful,
    failed_calls: totals.failed,
    total_tokens: totals.tokens,
    total_cost_usd: totals.clientCost,
    avg_latency_ms: totals.avgLatency,
    credit_applied: job.credit_applied,
    credits_remaining: state.creditsRemaining(team),
  };
}

export function completionJson(job: JobRecord, team: TeamRecord, state: EmulatorState) {
  return {
    job_id: job.job_id,
    status: job.status,
    completed_at: naiveTimestamp(job.completed_at ?? state.now()),
    costs: costSummaryJson(job, team, state),
    calls: job.calls.map((call) => ({
      call_id: call.call_id,
      purpose: call.purpose,
      model_group: call.model_group,
      tokens: call.prompt_tokens + call.completion_tokens,
      latency_ms: call.latency_ms,
      error: call.error,
    })),
  };
}

/** The job-costs breakdown: provider cost, per call. */
export function jobCostsJson(job: JobRecord) {
  return {
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
  };
}

export function balanceJson(team: TeamRecord, state: EmulatorState) {
  return {
    team_id: team.teamId,
    organization_id: team.organizationId,
    credits_allocated: team.creditsAllocated,
    credits_used: team.creditsUsed,
    credits_remaining: state.creditsRemaining(team),
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

/** `GET /api/teams/{team_id}`: served without authentication, key included (contract §5.17). */
export function teamJson(team: TeamRecord, state: EmulatorState) {
  const aliases = [...state.models.values()].filter((model) => model.access_groups.some((group) => team.accessGroups.includes(group)));
  return {
    team_id: team.teamId,
    organization_id: team.organizationId,
    credits: balanceJson(team, state),
    access_groups: team.accessGroups,
    allowed_model_aliases: aliases.map((model) => model.model_alias).sort(),
    virtual_key: team.virtualKey,
    credits_allocated: team.creditsAllocated,
    credits_remaining: state.creditsRemaining(team),
  };
}

export function modelJson(model: ModelRecord) {
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

/** `GET /api/model-groups/{group_name}`: the group and its models by priority (contract §5.19). */
export function modelGroupJson(group: ModelGroupRecord, state: EmulatorState) {
  const id = `group-${group.group_name}`;
  return {
    model_group_id: id,
    group_name: group.group_name,
    display_name: group.group_name,
    description: null,
    status: group.status,
    models: group.models.map((model_name, priority) => ({
      id: `${id}-${priority}`,
      model_group_id: id,
      model_name,
      priority,
      is_active: true,
      created_at: zTimestamp(state.createdAt),
    })),
  };
}
