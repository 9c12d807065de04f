import * as z from 'zod';
import { TimestampSchema } from './common.js';

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
