import * as z from 'zod/mini';
import { TimestampSchema } from './common.js';
import type { SaaSLLMError } from '../errors/index.js';

export const ModelAliasSchema = z.lazy(() => z.looseObject({
  model_alias: z.string(),
  display_name: z.string(),
  provider: z.string(),
  actual_model: z.string(),
  litellm_model_id: z.nullable(z.string()),
  access_groups: z.array(z.string()),
  description: z.nullable(z.string()),
  /** USD per 1M input tokens. */
  pricing_input: z.nullable(z.number()),
  /** USD per 1M output tokens. */
  pricing_output: z.nullable(z.number()),
  status: z.string(),
  teams_using: z.unknown(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
}));
export type ModelAlias = z.infer<typeof ModelAliasSchema>;

export const ModelListSchema = z.lazy(() => z.array(ModelAliasSchema));

export const ModelGroupResolutionSchema = z.lazy(() => z.looseObject({
  group_name: z.string(),
  primary_model: z.nullable(z.string()),
  fallback_models: z.array(z.string()),
  team_has_access: z.boolean(),
  error: z.optional(z.string()),
}));
export type ModelGroupResolution = z.infer<typeof ModelGroupResolutionSchema>;

export const HealthSchema = z.lazy(() => z.looseObject({
  status: z.string(),
  service: z.string(),
}));
export type Health = z.infer<typeof HealthSchema>;

/** `GET /api/model-groups/{group_name}`: a model group and its models, in priority order. */
export const ModelGroupSchema = z.lazy(() => z.looseObject({
  model_group_id: z.string(),
  group_name: z.string(),
  display_name: z.nullable(z.string()),
  description: z.nullable(z.string()),
  status: z.string(),
  models: z.array(
    z.looseObject({
      id: z.union([z.string(), z.number()]),
      model_group_id: z.string(),
      model_name: z.string(),
      priority: z.number(),
      is_active: z.boolean(),
      created_at: z.nullable(TimestampSchema),
    }),
  ),
}));
export type ModelGroup = z.infer<typeof ModelGroupSchema>;

/** What `health()` resolves to when the API answered. */
export type HealthStatus = Health & { ok: true; latencyMs: number };

/** What `health({ throwOnError: false })` resolves to when it did not. */
export interface HealthFailure {
  ok: false;
  latencyMs: number;
  error: SaaSLLMError;
}
