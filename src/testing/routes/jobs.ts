/** The job routes (contract §5.2–5.4, 5.7, 5.8). */
import { detail, json, naiveTimestamp } from '../responses.js';
import type { RouteHandler } from '../router.js';
import { completionJson, jobCostsJson, jobJson } from '../wire.js';
import { onOwnJob, type World } from './world.js';

type JobOperation = 'createJob' | 'getJob' | 'updateJobMetadata' | 'completeJob' | 'getJobCosts';

export function jobRoutes(world: World): Record<JobOperation, RouteHandler> {
  const { state, domain } = world;
  return {
    createJob: {
      rules: { team_id: { kind: 'str', required: true }, job_type: { kind: 'str', required: true }, user_id: { kind: 'str' }, metadata: { kind: 'dict' } },
      handle: ({ body, team }) => {
        if (body.team_id !== team.teamId) return detail(403, `API key does not belong to team '${String(body.team_id)}'`);
        const job = domain.newJob(team, body, 'PENDING', 'metadata');
        if (job instanceof Response) return job;
        return json(200, { job_id: job.job_id, status: job.status, created_at: naiveTimestamp(job.created_at) });
      },
    },
    getJob: { handle: onOwnJob(world, (job) => json(200, jobJson(job))) },
    updateJobMetadata: {
      rules: { metadata: { kind: 'dict', required: true, nullable: false } },
      handle: onOwnJob(world, (job, { body }) => {
        job.metadata = { ...(job.metadata ?? {}), ...(body.metadata as Record<string, unknown>) };
        return json(200, { job_id: job.job_id, metadata: job.metadata, updated_at: naiveTimestamp(state.now()) });
      }),
    },
    completeJob: {
      rules: { status: { kind: 'str', required: true, literal: ['completed', 'failed'] }, metadata: { kind: 'dict' }, error_message: { kind: 'str' } },
      handle: onOwnJob(world, (job, { body, team }) => domain.complete(job, team, body) ?? json(200, completionJson(job, team, state))),
    },
    getJobCosts: { handle: onOwnJob(world, (job) => json(200, jobCostsJson(job))) },
  };
}
