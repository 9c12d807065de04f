import * as z from 'zod/mini';
import { JobStatusSchema, MetadataSchema, ReturnedJobIdSchema, TimestampSchema } from './common.js';

export const CreateJobResponseSchema = z.lazy(() => z.looseObject({
  job_id: ReturnedJobIdSchema,
  status: JobStatusSchema,
  created_at: TimestampSchema,
}));
export type CreateJobResponse = z.infer<typeof CreateJobResponseSchema>;

export const JobSchema = z.lazy(() => z.looseObject({
  job_id: z.string(),
  team_id: z.string(),
  user_id: z.nullable(z.string()),
  job_type: z.string(),
  status: JobStatusSchema,
  created_at: TimestampSchema,
  started_at: z.nullable(TimestampSchema),
  completed_at: z.nullable(TimestampSchema),
  metadata: z.nullable(MetadataSchema),
  error_message: z.nullable(z.string()),
  organization_id: z.nullable(z.string()),
  external_task_id: z.nullable(z.string()),
  credit_applied: z.boolean(),
  model_groups_used: z.nullable(z.array(z.string())),
}));
export type Job = z.infer<typeof JobSchema>;

export const UpdateMetadataResponseSchema = z.lazy(() => z.looseObject({
  job_id: z.string(),
  metadata: MetadataSchema,
  updated_at: TimestampSchema,
}));
export type UpdateMetadataResponse = z.infer<typeof UpdateMetadataResponseSchema>;

export const JobCostSummarySchema = z.lazy(() => z.looseObject({
  total_calls: z.number(),
  successful_calls: z.number(),
  failed_calls: z.number(),
  total_tokens: z.number(),
  total_cost_usd: z.number(),
  avg_latency_ms: z.number(),
  credit_applied: z.boolean(),
  credits_remaining: z.nullable(z.number()),
}));
export type JobCostSummary = z.infer<typeof JobCostSummarySchema>;

export const CompleteJobResponseSchema = z.lazy(() => z.looseObject({
  job_id: z.string(),
  status: JobStatusSchema,
  completed_at: TimestampSchema,
  costs: JobCostSummarySchema,
  calls: z.array(
    z.looseObject({
      call_id: z.string(),
      purpose: z.nullable(z.string()),
      model_group: z.nullable(z.string()),
      tokens: z.nullable(z.number()),
      latency_ms: z.nullable(z.number()),
      error: z.nullable(z.string()),
    }),
  ),
  /**
   * Set by the SDK (the server never sends it) when the answer to `/complete` was lost and the result was
   * rebuilt from the job's record: status and `credit_applied` are the server's; `total_cost_usd` is the
   * provider cost, and latencies and `credits_remaining` are unknown.
   */
  settledFrom: z.optional(z.literal('job-record')),
}));
export type CompleteJobResponse = z.infer<typeof CompleteJobResponseSchema>;

export const JobCostsSchema = z.lazy(() => z.looseObject({
  job_id: z.string(),
  team_id: z.string(),
  job_type: z.string(),
  status: JobStatusSchema,
  costs: z.looseObject({
    total_cost_usd: z.number(),
    breakdown: z.array(
      z.looseObject({
        call_id: z.string(),
        model: z.nullable(z.string()),
        purpose: z.nullable(z.string()),
        prompt_tokens: z.number(),
        completion_tokens: z.number(),
        cost_usd: z.number(),
        created_at: TimestampSchema,
      }),
    ),
  }),
}));
export type JobCosts = z.infer<typeof JobCostsSchema>;

export const JobListSchema = z.lazy(() => z.looseObject({
  team_id: z.string(),
  /** Number of jobs on this page (not an overall count). */
  total: z.number(),
  jobs: z.array(JobSchema),
}));
export type JobList = z.infer<typeof JobListSchema>;

export const TeamUsageSchema = z.lazy(() => z.looseObject({
  team_id: z.string(),
  period: z.string(),
  summary: z.looseObject({
    total_jobs: z.number(),
    successful_jobs: z.number(),
    failed_jobs: z.number(),
    total_cost_usd: z.number(),
    total_tokens: z.number(),
    avg_cost_per_job: z.number(),
  }),
  job_types: z.record(z.string(), z.looseObject({ count: z.number(), cost_usd: z.number() })),
}));
export type TeamUsage = z.infer<typeof TeamUsageSchema>;
