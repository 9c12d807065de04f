import * as z from 'zod/mini';
import { CreditBalanceSchema } from './credits.js';

/**
 * `GET /api/teams/{team_id}`. The server also returns the team's `virtual_key` here, unauthenticated; the
 * SDK drops it from the result so that it cannot leak through a log or `JSON.stringify`.
 */
const TeamRecordSchema = z.lazy(() => z.looseObject({
  team_id: z.string(),
  organization_id: z.nullable(z.string()),
  /** The team's credit account; its `status` (`active`, `suspended`, `paused`) is the team's. */
  credits: CreditBalanceSchema,
  access_groups: z.array(z.string()),
  /** The model aliases the team may use, sorted. */
  allowed_model_aliases: z.array(z.string()),
  credits_allocated: z.number(),
  credits_remaining: z.number(),
}));
export const TeamInfoSchema = z.lazy(() => z.pipe(
  TeamRecordSchema,
  z.transform(({ virtual_key: _key, ...team }: z.output<typeof TeamRecordSchema>) => team),
));
export type TeamInfo = z.output<typeof TeamInfoSchema>;
