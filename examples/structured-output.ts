/**
 * Structured output: ask for JSON that matches a zod schema and get the validated value back, typed.
 * A classic zod schema converts itself; a zod/mini schema comes with zod/mini's `toJSONSchema`.
 *
 *   npm run example -- structured-output
 *
 * With no SAAS_LITELLM_* variables set, the mock API plays a model that answers in JSON.
 */
import * as z from 'zod';
import { object, string, toJSONSchema } from 'zod/mini';
import { ResponseValidationError } from 'saas-litellm';
import { clientFromEnvironment } from './client-from-environment.ts';

const Ticket = z.object({
  priority: z.enum(['low', 'normal', 'urgent']),
  summary: z.string(),
  assignee: z.string().optional(),
});

/** The mock model: a ticket for the first question, then one with a priority the schema does not allow. */
let answers = 0;
const client = clientFromEnvironment({
  reply: () => (++answers === 3 ? '{"priority": "whenever", "summary": "?"}' : answers === 2 ? '{"summary": "Printer on fire"}' : '{"priority": "urgent", "summary": "Printer on fire", "assignee": null}'),
});
const model = process.env.SAAS_LITELLM_MODEL ?? 'sdk-chat';
const messages = [{ role: 'user', content: 'Triage: the printer on floor 3 is on fire.' }];

const summary = await client.withJob('triage', async (job) => {
  // A classic schema: the SDK sends its strict JSON Schema and validates the answer.
  const ticket = await client.structuredOutput(job.job_id, { model, messages }, Ticket, { schemaName: 'ticket' });
  console.log(`classic zod: ${ticket.priority} — ${ticket.summary}${ticket.assignee ? ` (for ${ticket.assignee})` : ''}`);

  // A zod/mini schema: pass zod/mini's converter (the SDK does not bundle one).
  const Summary = object({ summary: string() });
  const short = await client.structuredOutput(job.job_id, { model, messages }, Summary, { toJSONSchema });
  console.log(`zod/mini: ${short.summary}`);

  // An answer that does not match: a typed error with the raw text, never an unchecked value.
  try {
    await client.structuredOutput(job.job_id, { model, messages }, Ticket);
  } catch (error) {
    if (!(error instanceof ResponseValidationError)) throw error;
    console.log(`${error.name}: ${error.issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}; raw: ${error.body}`);
  }
  return ticket.summary;
});
console.log(`job done: ${summary}`);
