/** The emulator's records: teams, jobs, calls, models and the credit ledger. */
import type { EmulatorModelGroupInit, EmulatorModelInit, EmulatorTeamInit, Provider } from './fixtures.js';

export interface TeamRecord {
  teamId: string;
  virtualKey: string;
  status: 'active' | 'suspended' | 'paused';
  organizationId: string;
  creditsAllocated: number;
  creditsUsed: number;
  budgetMode: 'job_based' | 'consumption_usd' | 'consumption_tokens';
  creditsPerDollar: number;
  tokensPerCredit: number;
  costMarkupPercentage: number;
  accessGroups: string[];
  modelGroups: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface CallRecord {
  call_id: string;
  /** Resolved alias or model; null for a failed call. */
  model: string | null;
  /** The name the client requested. */
  model_group: string;
  purpose: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  latency_ms: number | null;
  /** Provider cost (legacy field). */
  cost_usd: number;
  /** Marked-up cost: set only by the per-job non-streaming route. */
  client_cost_usd: number;
  error: string | null;
  created_at: Date;
}

export interface JobRecord {
  job_id: string;
  team_id: string;
  user_id: string | null;
  job_type: string;
  status: 'PENDING' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  metadata: Record<string, unknown> | null;
  error_message: string | null;
  credit_applied: boolean;
  model_groups_used: string[];
  calls: CallRecord[];
  /** How many times /complete was called for this job (for tests: "completed exactly once"). */
  completions: number;
}

export interface TransactionRecord {
  transaction_id: string;
  team_id: string;
  job_id: string | null;
  transaction_type: string;
  credits_amount: number;
  credits_before: number;
  credits_after: number;
  reason: string | null;
  created_at: Date;
}

export interface ModelRecord extends Required<EmulatorModelInit> {
  display_name: string;
  created_at: Date;
  updated_at: Date;
}

export interface ResolvedModel {
  name: string;
  provider: Provider;
  actualModel: string;
  pricingInput: number;
  pricingOutput: number;
}

export type ModelGroupRecord = Required<EmulatorModelGroupInit>;

export class EmulatorState {
  readonly teams = new Map<string, TeamRecord>();
  readonly jobs = new Map<string, JobRecord>();
  readonly models = new Map<string, ModelRecord>();
  readonly modelGroups = new Map<string, ModelGroupRecord>();
  readonly transactions: TransactionRecord[] = [];
  /** When the world was made: the creation time of everything seeded. */
  readonly createdAt: Date;

  constructor(
    teams: readonly EmulatorTeamInit[],
    models: readonly EmulatorModelInit[],
    groups: readonly EmulatorModelGroupInit[],
    readonly now: () => Date,
  ) {
    this.createdAt = now();
    for (const team of teams) this.addTeam(team);
    for (const model of models) {
      this.models.set(model.model_alias, {
        access_groups: ['default'],
        pricing_input: 0.15,
        pricing_output: 0.6,
        status: 'active',
        ...model,
        display_name: model.model_alias,
        created_at: now(),
        updated_at: now(),
      });
    }
    for (const group of groups) this.modelGroups.set(group.group_name, { status: 'active', ...group });
  }

  addTeam(init: EmulatorTeamInit): TeamRecord {
    const team: TeamRecord = {
      teamId: init.teamId,
      virtualKey: init.virtualKey,
      status: init.status ?? 'active',
      organizationId: 'sdk-org',
      creditsAllocated: init.creditsAllocated ?? 100,
      creditsUsed: 0,
      budgetMode: init.budgetMode ?? 'job_based',
      creditsPerDollar: 10,
      tokensPerCredit: 10_000,
      costMarkupPercentage: init.costMarkupPercentage ?? 0,
      accessGroups: init.accessGroups ?? ['default'],
      modelGroups: init.modelGroups ?? ['sdk-group'],
      createdAt: this.now(),
      updatedAt: this.now(),
    };
    this.teams.set(team.teamId, team);
    return team;
  }

  teamByKey(key: string): TeamRecord | undefined {
    for (const team of this.teams.values()) if (team.virtualKey === key) return team;
    return undefined;
  }

  /** Model resolution as the server does it (contract §6); returns the 403 text on failure. */
  resolveModel(team: TeamRecord, name: string): ResolvedModel | string {
    const alias = this.models.get(name);
    if (alias && alias.status === 'active') {
      if (!alias.access_groups.some((group) => team.accessGroups.includes(group))) {
        return `Team '${team.teamId}' does not have access to model alias '${name}'`;
      }
      return { name, provider: alias.provider, actualModel: alias.actual_model, pricingInput: alias.pricing_input, pricingOutput: alias.pricing_output };
    }
    if (!team.modelGroups.includes(name)) return `Team '${team.teamId}' does not have access to model group '${name}'`;
    const group = this.modelGroups.get(name);
    if (!group || group.status !== 'active') return `Model group '${name}' not found or inactive`;
    const primary = group.models[0];
    if (primary === undefined) return `No active models configured for group '${name}'`;
    return { name: primary, provider: providerOf(primary), actualModel: primary, pricingInput: 0.15, pricingOutput: 0.6 };
  }

  creditsRemaining(team: TeamRecord): number {
    return team.creditsAllocated - team.creditsUsed;
  }

  /** Deduct credits for a completed job as contract §5.7 describes; insufficient credits are swallowed. */
  chargeJob(team: TeamRecord, job: JobRecord): void {
    if (job.credit_applied) return;
    const totals = costTotals(job);
    const amount =
      team.budgetMode === 'job_based'
        ? 1
        : team.budgetMode === 'consumption_usd'
          ? Math.max(1, Math.trunc(totals.clientCost * team.creditsPerDollar))
          : Math.max(1, Math.trunc(totals.tokens / team.tokensPerCredit));
    const before = this.creditsRemaining(team);
    if (before < amount) return;
    team.creditsUsed += amount;
    team.updatedAt = this.now();
    job.credit_applied = true;
    this.transactions.unshift({
      transaction_id: globalThis.crypto.randomUUID(),
      team_id: team.teamId,
      job_id: job.job_id,
      transaction_type: 'deduction',
      credits_amount: amount,
      credits_before: before,
      credits_after: before - amount,
      reason: `Job ${job.job_id} completed`,
      created_at: this.now(),
    });
  }
}

function providerOf(model: string): Provider {
  if (/^(gpt-|o1-|o3-)/.test(model)) return 'openai';
  if (model.includes('claude')) return 'anthropic';
  if (model.includes('gemini')) return 'gemini';
  if (/llama|mixtral|fireworks/.test(model)) return 'fireworks';
  return 'openai';
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function costTotals(job: JobRecord) {
  const successful = job.calls.filter((call) => call.error === null);
  const latencies = job.calls.map((call) => call.latency_ms).filter((latency): latency is number => latency !== null);
  return {
    calls: job.calls.length,
    successful: successful.length,
    failed: job.calls.length - successful.length,
    tokens: job.calls.reduce((sum, call) => sum + call.prompt_tokens + call.completion_tokens, 0),
    clientCost: round(job.calls.reduce((sum, call) => sum + call.client_cost_usd, 0), 6),
    providerCost: round(job.calls.reduce((sum, call) => sum + call.cost_usd, 0), 6),
    avgLatency: latencies.length === 0 ? 0 : Math.trunc(latencies.reduce((sum, latency) => sum + latency, 0) / latencies.length),
  };
}
