/**
 * Input schemas: what the SDK checks before sending. Limits mirror the server's database columns,
 * which otherwise turn over-long values into an unexplained plain-text 500.
 */
import * as z from 'zod';
import { CompleteStatusSchema, JobStatusSchema, MetadataSchema } from './common.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const JobIdSchema = z.string({ error: 'must be a string' }).regex(UUID, 'must be a UUID (the server answers 500 for anything else)');

export const ChatMessageSchema = z
  .looseObject({
    role: z.string().min(1, 'must be a non-empty string'),
    content: z.unknown(),
  })
  .refine((message) => 'content' in message, { message: 'needs a `content` field', path: ['content'] });
/** A chat message; providers receive extra fields as-is (OpenAI) or reduced to `{role, content}`. */
export type ChatMessage = { role: string; content: unknown; [key: string]: unknown };

/** Provider parameters accepted by every LLM route. */
const llmParamShape = {
  temperature: z.number().nullish(),
  max_tokens: z.number().int().positive().nullish(),
  response_format: z.record(z.string(), z.unknown()).nullish(),
  tools: z.array(z.record(z.string(), z.unknown())).nullish(),
  tool_choice: z.unknown().nullish(),
  top_p: z.number().nullish(),
  frequency_penalty: z.number().nullish(),
  presence_penalty: z.number().nullish(),
  stop: z.array(z.string(), { error: 'must be an array of strings (a bare string is rejected by the server)' }).nullish(),
};

const callShape = {
  model: z.string({ error: 'is required' }).min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  messages: z.array(ChatMessageSchema, { error: 'is required and must be an array of messages' }).min(1, 'must contain at least one message'),
  purpose: z.string().max(200, 'must be at most 200 characters').nullish(),
  ...llmParamShape,
};

/** Rejects the field the outdated docs use, which the server silently drops. */
const noModelGroup = (params: Record<string, unknown>) => !('model_group' in params);
const modelGroupIssue = { message: '`model_group` is not a field of this API: pass the alias or group name as `model`', path: ['model_group'] };

export const ChatParamsSchema = z
  .looseObject({ ...callShape, call_metadata: MetadataSchema.nullish() })
  .refine(noModelGroup, modelGroupIssue);

/** Parameters of `chat` / `chatStream`. */
export interface ChatParams {
  /** A model alias or model group assigned to the team. */
  model: string;
  messages: ChatMessage[];
  /** Label stored with the call (≤ 200 chars). */
  purpose?: string;
  /** Shallow-merged into the job's metadata after a successful call (non-streaming route only). */
  call_metadata?: Record<string, unknown>;
  temperature?: number;
  max_tokens?: number;
  /** Passed to OpenAI and Fireworks; ignored by the server for Anthropic and Gemini. */
  response_format?: Record<string, unknown>;
  tools?: Array<Record<string, unknown>>;
  tool_choice?: unknown;
  top_p?: number;
  frequency_penalty?: number;
  presence_penalty?: number;
  /** Must be an array. */
  stop?: string[];
}

const jobTypeSchema = z.string({ error: 'is required' }).min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const userIdSchema = z.string().max(255, 'must be at most 255 characters').nullish();

export const CreateJobParamsSchema = z.looseObject({
  job_type: jobTypeSchema,
  user_id: userIdSchema,
  metadata: MetadataSchema.nullish(),
});

/** Parameters of `createJob`. */
export interface CreateJobParams {
  /** ≤ 100 chars. */
  job_type: string;
  /** ≤ 255 chars. */
  user_id?: string;
  metadata?: Record<string, unknown>;
}

export const CreateAndCallParamsSchema = z
  .looseObject({ ...callShape, job_type: jobTypeSchema, user_id: userIdSchema, job_metadata: MetadataSchema.nullish() })
  .refine(noModelGroup, modelGroupIssue);

/** Parameters of `createAndCall` / `createAndCallStream`. */
export interface CreateAndCallParams extends Omit<ChatParams, 'call_metadata'> {
  job_type: string;
  user_id?: string;
  /** Metadata of the job created for this call (note the name: `job_metadata`). */
  job_metadata?: Record<string, unknown>;
}

export const CompleteJobParamsSchema = z.object({
  status: CompleteStatusSchema,
  error_message: z.string().nullish(),
  metadata: MetadataSchema.nullish(),
});

/** Options of `completeJob`. */
export interface CompleteJobOptions {
  /** Stored with a failed job; longer than 1000 characters is truncated. */
  error_message?: string;
  metadata?: Record<string, unknown>;
}

export const ListJobsQuerySchema = z.object({
  limit: z.number().int().min(1).optional(),
  offset: z.number().int().min(0).optional(),
  // The server only accepts UPPERCASE and answers a plain-text 500 otherwise; accept either case.
  status: z
    .string()
    .transform((status) => status.toUpperCase())
    .pipe(JobStatusSchema)
    .optional(),
});

/** Query of `listJobs`. */
export interface ListJobsQuery {
  /** @default 100 */
  limit?: number;
  /** @default 0 */
  offset?: number;
  /** Filter by status (either case). */
  status?: string;
}

export const UsageQuerySchema = z.object({
  period: z
    .string({ error: 'is required (YYYY-MM or YYYY)' })
    .regex(/^\d{4}(-\d{2})?$/, 'must be YYYY-MM or YYYY (a day never matches on the server)'),
});

/** Query of `getUsage`. */
export interface UsageQuery {
  /** `YYYY-MM` or `YYYY`. */
  period: string;
}

export const TransactionsQuerySchema = z.object({ limit: z.number().int().min(1).optional() });

/** Query of `listCreditTransactions`. */
export interface TransactionsQuery {
  /** @default 50 */
  limit?: number;
}

export const CreditsNeededSchema = z.number().int('must be a whole number').min(0);

export const ModelNameSchema = z.string().min(1, 'must not be empty').regex(/^[^/]*$/, 'must not contain "/"');

export const ListModelsQuerySchema = z.object({
  status: z.string().optional(),
  provider: z.string().optional(),
  access_group: z.string().optional(),
});

/** Filters of `listModels`. */
export interface ListModelsQuery {
  status?: string;
  provider?: string;
  access_group?: string;
}

/** The `json_schema.name` of a structured-output request, as OpenAI accepts it. */
export const SchemaNameSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -');
