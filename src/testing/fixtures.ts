/** The emulator's default world: who exists, with which keys and models. Import these in tests. */

/** The default team and key. */
export const TEST_TEAM_ID = 'sdk-team';
export const TEST_VIRTUAL_KEY = 'sk-test-0123456789abcdef';
/** A suspended team and its key. */
export const SUSPENDED_TEAM_ID = 'sdk-team-suspended';
export const SUSPENDED_VIRTUAL_KEY = 'sk-test-suspended';
/** A team with zero credits and its key. */
export const EMPTY_TEAM_ID = 'sdk-team-empty';
export const EMPTY_VIRTUAL_KEY = 'sk-test-empty';
/** The origin the handlers answer on by default. */
export const TEST_BASE_URL = 'http://saas-litellm.test';

/** Providers a model alias can name. */
export type Provider = 'openai' | 'anthropic' | 'gemini' | 'fireworks';

/** A team in the emulator. */
export interface EmulatorTeamInit {
  teamId: string;
  virtualKey: string;
  /** @default 'active' */
  status?: 'active' | 'suspended' | 'paused';
  /** @default 100 */
  creditsAllocated?: number;
  /** @default 'job_based' */
  budgetMode?: 'job_based' | 'consumption_usd' | 'consumption_tokens';
  /** Access groups, which grant model aliases. @default ['default'] */
  accessGroups?: string[];
  /** Model groups assigned to the team. @default ['sdk-group'] */
  modelGroups?: string[];
  /** @default 0 */
  costMarkupPercentage?: number;
}

/** A model alias in the emulator. */
export interface EmulatorModelInit {
  model_alias: string;
  provider: Provider;
  actual_model: string;
  /** @default ['default'] */
  access_groups?: string[];
  /** USD per 1M input tokens. @default 0.15 */
  pricing_input?: number;
  /** USD per 1M output tokens. @default 0.6 */
  pricing_output?: number;
  /** @default 'active' */
  status?: string;
}

/** A model group in the emulator. */
export interface EmulatorModelGroupInit {
  group_name: string;
  /** Model names by priority; the first is used. */
  models: string[];
  /** @default 'active' */
  status?: string;
}

export const DEFAULT_TEAMS: readonly EmulatorTeamInit[] = [
  { teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY },
  { teamId: SUSPENDED_TEAM_ID, virtualKey: SUSPENDED_VIRTUAL_KEY, status: 'suspended' },
  { teamId: EMPTY_TEAM_ID, virtualKey: EMPTY_VIRTUAL_KEY, creditsAllocated: 0 },
];

export const DEFAULT_MODELS: readonly EmulatorModelInit[] = [
  { model_alias: 'sdk-chat', provider: 'openai', actual_model: 'gpt-4o-mini' },
  { model_alias: 'sdk-claude', provider: 'anthropic', actual_model: 'claude-3-5-haiku-latest', pricing_input: 0.8, pricing_output: 4 },
  { model_alias: 'sdk-gemini', provider: 'gemini', actual_model: 'gemini-2.0-flash', pricing_input: 0.1, pricing_output: 0.4 },
  { model_alias: 'sdk-fireworks', provider: 'fireworks', actual_model: 'accounts/fireworks/models/llama-v3p1-8b-instruct', pricing_input: 0.2, pricing_output: 0.2 },
  { model_alias: 'sdk-premium', provider: 'openai', actual_model: 'gpt-4o', access_groups: ['premium'], pricing_input: 2.5, pricing_output: 10 },
];

export const DEFAULT_MODEL_GROUPS: readonly EmulatorModelGroupInit[] = [
  { group_name: 'sdk-group', models: ['gpt-4o-mini', 'gpt-4o'] },
  { group_name: 'sdk-group-empty', models: [] },
];
