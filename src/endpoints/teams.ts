/** The team and credit routes (contract §5.11–5.15, 5.17); `{team_id}` is always the client's team. */
import { CreditBalanceSchema, CreditCheckSchema, CreditTransactionListSchema } from '../schemas/credits.js';
import { JobListSchema, TeamUsageSchema } from '../schemas/jobs.js';
import { CheckCreditsInput, ListJobsInput, NoInput, TransactionsInput, UsageInput } from '../schemas/requests.js';
import { TeamInfoSchema } from '../schemas/teams.js';
import { endpoint } from './endpoint.js';

const TEAM = '/api/teams/{team_id}';
const CREDITS = '/api/credits/teams/{team_id}';
const read = { method: 'GET', timeout: 'default', authenticated: true, safety: 'read' } as const;

export const getTeam = endpoint({
  ...read,
  operation: 'getTeam',
  path: TEAM,
  // The server leaves this route open (contract §5.17); the key is not sent where it is not needed.
  authenticated: false,
  input: NoInput,
  response: TeamInfoSchema,
});

export const listJobs = endpoint({
  ...read,
  operation: 'listJobs',
  path: `${TEAM}/jobs`,
  input: ListJobsInput,
  query: { limit: 'limit', offset: 'offset', status: 'status' },
  response: JobListSchema,
});

export const getUsage = endpoint({
  ...read,
  operation: 'getUsage',
  path: `${TEAM}/usage`,
  input: UsageInput,
  query: { period: 'period' },
  response: TeamUsageSchema,
});

export const getCreditBalance = endpoint({
  ...read,
  operation: 'getCreditBalance',
  path: `${CREDITS}/balance`,
  input: NoInput,
  response: CreditBalanceSchema,
});

export const listCreditTransactions = endpoint({
  ...read,
  operation: 'listCreditTransactions',
  path: `${CREDITS}/transactions`,
  input: TransactionsInput,
  query: { limit: 'limit' },
  response: CreditTransactionListSchema,
});

export const checkCredits = endpoint({
  ...read,
  operation: 'checkCredits',
  // A POST that only reads: the amount travels in the query.
  method: 'POST',
  path: `${CREDITS}/check`,
  input: CheckCreditsInput,
  query: { credits_needed: 'creditsNeeded' },
  response: CreditCheckSchema,
});
