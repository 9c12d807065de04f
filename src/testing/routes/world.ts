/** What every route module is built from, and what they share. */
import type { EmulatorDomain } from '../domain.js';
import type { RouteContext } from '../router.js';
import type { EmulatorState, JobRecord } from '../state.js';
import type { FieldRule } from '../validation.js';

/** What the per-job stream route does: `as-deployed` (always an error frame, as at HEAD) or `fixed`. */
export type JobStreamRoute = 'as-deployed' | 'fixed';

export interface World {
  state: EmulatorState;
  domain: EmulatorDomain;
  jobStreamRoute: JobStreamRoute;
}

/** A `/api/jobs/{job_id}/...` handler: runs once the job is checked to be the caller's. */
export function onOwnJob(world: World, handle: (job: JobRecord, context: RouteContext) => Response): (context: RouteContext) => Response {
  return (context) => {
    const job = world.domain.ownJob(context.params.job_id ?? '', context.team);
    return job instanceof Response ? job : handle(job, context);
  };
}

/** The body of every LLM route, as pydantic checks it. */
export const LLM_RULES: Readonly<Record<string, FieldRule>> = {
  model: { kind: 'str', required: true },
  messages: { kind: 'list', required: true },
  purpose: { kind: 'str' },
  call_metadata: { kind: 'dict' },
  temperature: { kind: 'number' },
  max_tokens: { kind: 'int' },
  response_format: { kind: 'dict' },
  tools: { kind: 'list' },
  tool_choice: { kind: 'any' },
  top_p: { kind: 'number' },
  frequency_penalty: { kind: 'number' },
  presence_penalty: { kind: 'number' },
  stop: { kind: 'list' },
};

/** create-and-call and its stream: the LLM body plus the job's fields. */
export const SINGLE_CALL_RULES: Readonly<Record<string, FieldRule>> = {
  ...LLM_RULES,
  team_id: { kind: 'str', required: true },
  job_type: { kind: 'str', required: true },
  user_id: { kind: 'str' },
  job_metadata: { kind: 'dict' },
};
