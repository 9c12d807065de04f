import * as z from 'zod/mini';
import { TimestampSchema } from './common.js';

export const CreditBalanceSchema = z.lazy(() => z.looseObject({
  team_id: z.string(),
  organization_id: z.nullable(z.string()),
  credits_allocated: z.number(),
  credits_used: z.number(),
  credits_remaining: z.number(),
  credit_limit: z.nullable(z.number()),
  auto_refill: z.nullable(z.boolean()),
  refill_amount: z.nullable(z.number()),
  refill_period: z.nullable(z.string()),
  last_refill_at: z.nullable(TimestampSchema),
  budget_mode: z.string(),
  credits_per_dollar: z.number(),
  tokens_per_credit: z.number(),
  cost_markup_percentage: z.number(),
  status: z.string(),
  created_at: z.nullable(TimestampSchema),
  updated_at: z.nullable(TimestampSchema),
}));
export type CreditBalance = z.infer<typeof CreditBalanceSchema>;

export const CreditTransactionSchema = z.lazy(() => z.looseObject({
  transaction_id: z.string(),
  team_id: z.string(),
  organization_id: z.nullable(z.string()),
  job_id: z.nullable(z.string()),
  transaction_type: z.string(),
  credits_amount: z.number(),
  credits_before: z.number(),
  credits_after: z.number(),
  reason: z.nullable(z.string()),
  created_at: TimestampSchema,
}));
export type CreditTransaction = z.infer<typeof CreditTransactionSchema>;

export const CreditTransactionListSchema = z.lazy(() => z.looseObject({
  team_id: z.string(),
  total: z.number(),
  transactions: z.array(CreditTransactionSchema),
}));
export type CreditTransactionList = z.infer<typeof CreditTransactionListSchema>;

/** `has_credits: true` carries `credits_remaining`; `false` carries the server's `error` text. */
export const CreditCheckSchema = z.lazy(() => z.looseObject({
  team_id: z.string(),
  has_credits: z.boolean(),
  credits_needed: z.number(),
  credits_remaining: z.optional(z.number()),
  error: z.optional(z.string()),
}));
export type CreditCheck = z.infer<typeof CreditCheckSchema>;
