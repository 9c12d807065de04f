/** Every route of the server that a team uses, by SDK operation name. */
import * as jobs from './jobs.js';
import * as llm from './llm.js';
import * as models from './models.js';
import * as teams from './teams.js';

export const ENDPOINTS = { ...models, ...jobs, ...llm, ...teams };

/** The name of every operation, e.g. `chat`. */
export type Operation = keyof typeof ENDPOINTS;

export { endpoint, TEAM_ID, type Endpoint, type ResponseOf, type RetrySafety } from './endpoint.js';
