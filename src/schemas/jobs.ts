import * as z from 'zod';
import { JobStatusSchema, MetadataSchema, ReturnedJobIdSchema, TimestampSchema } from './common.js';

export const CreateJobResponseSchema = z.looseObject({
  job_id: ReturnedJobIdSchema,
  status: JobStatusSchema,
  created_at: TimestampSchema,
});
export type CreateJobResponse = z.infer<typeof CreateJobResponseSchema>;

export const JobSchema = z.looseObject({
  job_id: z.string(),
  team_id: z.string(),
  user_id: z.string().nullable(),
  job_type: z.string(),
  status: JobStatusSchema,
  created_at: TimestampSchema,
  started_at: TimestampSchema.nullable(),
  completed_at: TimestampSchema.nullable(),
  metadata: MetadataSchema.nullable(),
  error_message: z.string().nullable(),
  organization_id: z.string().nullable(),
  external_task_id: z.string().nullable(),
  credit_applied: z.boolean(),
  model_groups_used: z.array(z.string()).nullable(),
});
export type Job = z.infer<typeof JobSchema>;

export const UpdateMetadataResponseSchema = z.looseObject({
  job_id: z.string(),
  metadata: MetadataSchema,
  updated_at: TimestampSchema,
});
export type UpdateMetadataResponse = z.infer<typeof UpdateMetadataResponseSchema>;

export const JobCostSummarySchema = z.looseObject({
  total_calls: z.number(),
  successful_calls: z.number(),
  failed_calls: z.number(),
  total_tokens: z.number(),
  total_cost_usd: z.number(),
  avg_latency_ms: z.number(),
  credit_applied: z.boolean(),
  credits_remaining: z.number().nullable(),
});
export type JobCostSummary = z.infer<typeof JobCostSummarySchema>;

export const CompleteJobResponseSchema = z.looseObject({
  job_id: z.string(),
  status: JobStatusSchema,
  completed_at: TimestampSchema,
  costs: JobCostSummarySchema,
  calls: z.array(
    z.looseObject({
      call_id: z.string(),
      purpose: z.string().nullable(),
      model_group: z.string().nullable(),
      tokens: z.number().nullable(),
      latency_ms: z.number().nullable(),
      error: z.string().nullable(),
    }),
  ),
});
export type CompleteJobResponse = z.infer<typeof CompleteJobResponseSchema>;

export const JobCostsSchema = z.looseObject({
  job_id: z.string(),
  team_id: z.string(),
  job_type: z.string(),
  status: JobStatusSchema,
  costs: z.looseObject({
    total_cost_usd: z.number(),
    breakdown: z.array(
      z.looseObject({
        call_id: z.string(),
        model: z.string().nullable(),
        purpose: z.string().nullable(),
        prompt_tokens: z.number(),
        completion_tokens: z.number(),
        cost_usd: z.number(),
        created_at: TimestampSchema,
      }),
    ),
  }),
});
export type JobCosts = z.infer<typeof JobCostsSchema>;

export const JobListSchema = z.looseObject({
  team_id: z.string(),
  /** Number of jobs on this page (not an overall count). */
  total: z.number(),
  jobs: z.array(JobSchema),
});
export type JobList = z.infer<typeof JobListSchema>;

export const TeamUsageSchema = z.looseObject({
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
});
export type TeamUsage = z.infer<typeof TeamUsageSchema>;
