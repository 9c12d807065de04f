/** What every route module is built from. */
import type { EmulatorDomain } from '../domain.js';
import type { EmulatorState } from '../state.js';
import type { JobStreamRoute } from './streams.js';
import type { FieldRule } from '../validation.js';

export interface World {
  state: EmulatorState;
  domain: EmulatorDomain;
  jobStreamRoute: JobStreamRoute;
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
