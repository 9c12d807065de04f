import * as z from 'zod';
import { TimestampSchema } from './common.js';
import type { SaaSLLMError } from '../errors/index.js';

export const ModelAliasSchema = z.looseObject({
  model_alias: z.string(),
  display_name: z.string(),
  provider: z.string(),
  actual_model: z.string(),
  litellm_model_id: z.string().nullable(),
  access_groups: z.array(z.string()),
  description: z.string().nullable(),
  /** USD per 1M input tokens. */
  pricing_input: z.number().nullable(),
  /** USD per 1M output tokens. */
  pricing_output: z.number().nullable(),
  status: z.string(),
  teams_using: z.unknown(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type ModelAlias = z.infer<typeof ModelAliasSchema>;

export const ModelListSchema = z.array(ModelAliasSchema);

export const ModelGroupResolutionSchema = z.looseObject({
  group_name: z.string(),
  primary_model: z.string().nullable(),
  fallback_models: z.array(z.string()),
  team_has_access: z.boolean(),
  error: z.string().optional(),
});
export type ModelGroupResolution = z.infer<typeof ModelGroupResolutionSchema>;

export const HealthSchema = z.looseObject({
  status: z.string(),
  service: z.string(),
});
export type Health = z.infer<typeof HealthSchema>;

/** `GET /api/model-groups/{group_name}`: a model group and its models, in priority order. */
export const ModelGroupSchema = z.looseObject({
  model_group_id: z.string(),
  group_name: z.string(),
  display_name: z.string().nullable(),
  description: z.string().nullable(),
  status: z.string(),
  models: z.array(
    z.looseObject({
      id: z.union([z.string(), z.number()]),
      model_group_id: z.string(),
      model_name: z.string(),
      priority: z.number(),
      is_active: z.boolean(),
      created_at: TimestampSchema.nullable(),
    }),
  ),
});
export type ModelGroup = z.infer<typeof ModelGroupSchema>;

/** What `health()` resolves to when the API answered. */
export type HealthStatus = Health & { ok: true; latencyMs: number };

/** What `health({ throwOnError: false })` resolves to when it did not. */
export interface HealthFailure {
  ok: false;
  latencyMs: number;
  error: SaaSLLMError;
}
