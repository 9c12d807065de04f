/** The team and credit routes (contract §5.11–5.15, 5.17). */
import { JobStatusSchema } from '../../schemas/common.js';
import { detail, json, plainTextServerError, zTimestamp } from '../responses.js';
import type { RouteContext, RouteHandler } from '../router.js';
import { costTotals, round } from '../state.js';
import { queryInt, unprocessable, type PydanticIssue } from '../validation.js';
import { balanceJson, jobJson, teamJson } from '../wire.js';
import type { World } from './world.js';

type TeamOperation = 'getTeam' | 'listJobs' | 'getUsage' | 'getCreditBalance' | 'listCreditTransactions' | 'checkCredits';

/** A `{team_id}` route: another team's id gets the route's own 403 text. */
function ownTeam(mismatch: string, handle: (context: RouteContext) => Response): RouteHandler {
  return { handle: (context) => (context.params.team_id !== context.team.teamId ? detail(403, mismatch) : handle(context)) };
}

export function teamRoutes({ state }: World): Record<TeamOperation, RouteHandler> {
  return {
    getTeam: {
      handle: ({ params }) => {
        const team = state.teams.get(params.team_id ?? '');
        return team === undefined ? detail(404, `Team '${params.team_id}' not found`) : json(200, teamJson(team, state));
      },
    },
    listJobs: ownTeam('Cannot access jobs for a different team', ({ url, team }) => {
      const limit = queryInt(url, 'limit', 100);
      const offset = queryInt(url, 'offset', 0);
      const issues = [limit, offset].filter((value): value is PydanticIssue => typeof value !== 'number');
      if (issues.length > 0) return unprocessable(issues);
      const status = url.searchParams.get('status');
      if (status !== null && !JobStatusSchema.safeParse(status).success) return plainTextServerError();
      const jobs = [...state.jobs.values()]
        .filter((job) => job.team_id === team.teamId && (status === null || job.status === status))
        .sort((a, b) => b.created_at.getTime() - a.created_at.getTime())
        .slice(offset as number, (offset as number) + (limit as number));
      return json(200, { team_id: team.teamId, total: jobs.length, jobs: jobs.map(jobJson) });
    }),
    getUsage: ownTeam('Cannot access usage data for a different team', ({ url, team }) => {
      const period = url.searchParams.get('period');
      if (period === null) return unprocessable([{ type: 'missing', loc: ['query', 'period'], msg: 'Field required', input: null }]);
      const jobs = [...state.jobs.values()].filter((job) => job.team_id === team.teamId && job.created_at.toISOString().slice(0, 7).startsWith(period));
      const costs = jobs.map(costTotals);
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
    getCreditBalance: ownTeam('Cannot access credit balance for a different team', ({ team }) => json(200, balanceJson(team, state))),
    listCreditTransactions: ownTeam('Cannot access credit transactions for a different team', ({ url, team }) => {
      const limit = queryInt(url, 'limit', 50);
      if (typeof limit !== 'number') return unprocessable([limit]);
      const transactions = state.transactions.filter((entry) => entry.team_id === team.teamId).slice(0, limit);
      return json(200, {
        team_id: team.teamId,
        total: transactions.length,
        transactions: transactions.map((entry) => ({ ...entry, organization_id: team.organizationId, created_at: zTimestamp(entry.created_at) })),
      });
    }),
    checkCredits: ownTeam('Cannot check credits for a different team', ({ url, team }) => {
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
  };
}
