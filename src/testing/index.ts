export { createEmulator, EmulatedNetworkError, Emulator } from './emulator.js';
export type { EmulatorOptions, Fault, RecordedRequest } from './emulator.js';
export { createHandlers } from './handlers.js';
export type { HandlerOptions } from './handlers.js';
export type { ReplyFunction, UpstreamRequest } from './upstream.js';
export type { CallRecord, JobRecord, TeamRecord } from './state.js';
export {
  DEFAULT_MODEL_GROUPS,
  DEFAULT_MODELS,
  DEFAULT_TEAMS,
  EMPTY_TEAM_ID,
  EMPTY_VIRTUAL_KEY,
  SUSPENDED_TEAM_ID,
  SUSPENDED_VIRTUAL_KEY,
  TEST_BASE_URL,
  TEST_TEAM_ID,
  TEST_VIRTUAL_KEY,
} from './fixtures.js';
export type { EmulatorModelGroupInit, EmulatorModelInit, EmulatorTeamInit, Provider } from './fixtures.js';
export { networkError, plainTextError, rateLimited, scopedFault, serverErrors, slow } from './faults.js';
export type { FaultScope } from './faults.js';
