import * as z from 'zod';
import { TimestampSchema } from './common.js';

export const CreditBalanceSchema = z.looseObject({
  team_id: z.string(),
  organization_id: z.string().nullable(),
  credits_allocated: z.number(),
  credits_used: z.number(),
  credits_remaining: z.number(),
  credit_limit: z.number().nullable(),
  auto_refill: z.boolean().nullable(),
  refill_amount: z.number().nullable(),
  refill_period: z.string().nullable(),
  last_refill_at: TimestampSchema.nullable(),
  budget_mode: z.string(),
  credits_per_dollar: z.number(),
  tokens_per_credit: z.number(),
  cost_markup_percentage: z.number(),
  status: z.string(),
  created_at: TimestampSchema.nullable(),
  updated_at: TimestampSchema.nullable(),
});
export type CreditBalance = z.infer<typeof CreditBalanceSchema>;

export const CreditTransactionSchema = z.looseObject({
  transaction_id: z.string(),
  team_id: z.string(),
  organization_id: z.string().nullable(),
  job_id: z.string().nullable(),
  transaction_type: z.string(),
  credits_amount: z.number(),
  credits_before: z.number(),
  credits_after: z.number(),
  reason: z.string().nullable(),
  created_at: TimestampSchema,
});
export type CreditTransaction = z.infer<typeof CreditTransactionSchema>;

export const CreditTransactionListSchema = z.looseObject({
  team_id: z.string(),
  total: z.number(),
  transactions: z.array(CreditTransactionSchema),
});
export type CreditTransactionList = z.infer<typeof CreditTransactionListSchema>;

/** `has_credits: true` carries `credits_remaining`; `false` carries the server's `error` text. */
export const CreditCheckSchema = z.looseObject({
  team_id: z.string(),
  has_credits: z.boolean(),
  credits_needed: z.number(),
  credits_remaining: z.number().optional(),
  error: z.string().optional(),
});
export type CreditCheck = z.infer<typeof CreditCheckSchema>;
