import * as z from 'zod/mini';
import { JobStatusSchema, ReturnedJobIdSchema, TimestampSchema } from './common.js';
import { JobCostSummarySchema } from './jobs.js';

export const LLMResponseSchema = z.lazy(() => z.looseObject({
  /** Null when the model answered only with tool calls. */
  content: z.nullable(z.string()),
  /** Provider-specific, not normalised by the server (`stop`, `end_turn`, `max_tokens`...). */
  finish_reason: z.nullable(z.string()),
}));

export const LLMCallMetadataSchema = z.lazy(() => z.looseObject({
  tokens_used: z.number(),
  latency_ms: z.number(),
  /** Echo of the requested alias or group, not the provider's model. */
  model: z.string(),
}));

export const ChatResponseSchema = z.lazy(() => z.looseObject({
  call_id: z.string(),
  response: LLMResponseSchema,
  metadata: LLMCallMetadataSchema,
}));
/** With `fallbackModels`: the models that failed before the one that answered (`metadata.model`). */
export interface FellBack {
  readonly fallbackFrom?: readonly string[];
}
export type ChatResponse = z.infer<typeof ChatResponseSchema> & FellBack;

export const CreateAndCallResponseSchema = z.lazy(() => z.looseObject({
  job_id: ReturnedJobIdSchema,
  status: JobStatusSchema,
  response: LLMResponseSchema,
  metadata: LLMCallMetadataSchema,
  costs: JobCostSummarySchema,
  completed_at: TimestampSchema,
}));
export type CreateAndCallResponse = z.infer<typeof CreateAndCallResponseSchema> & FellBack;
