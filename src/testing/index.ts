/**
 * `saas-litellm/testing`: the API emulator, its fixtures and fault scenarios. Needs neither msw nor a
 * Node built-in (it bundles for a browser); msw handlers are in `saas-litellm/testing/msw`, the
 * loopback server in `saas-litellm/testing/server`.
 * @module saas-litellm/testing
 */
export { createEmulator, EmulatedNetworkError, Emulator, isEmulatedNetworkError } from './emulator.js';
export type { EmulatorOptions, Fault, RecordedRequest } from './emulator.js';
export type { ReplyFunction, ScriptedReply, ScriptedToolCall, UpstreamRequest } from './upstream.js';
export type { CallRecord, JobRecord, ResolvedModel, TeamRecord } from './state.js';
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
export {
  loseAnswer,
  networkError,
  plainTextError,
  rateLimited,
  scopedFault,
  serverErrors,
  slow,
} from './faults.js';
export {
  dropStreamAfter,
  errorFrame,
  errorFrameAfterDone,
  keepAliveOnlyAfter,
  lingerAfterEnd,
  rechunk,
  rewriteStream,
  stallAfter,
  StreamDroppedError,
  stripFinalBlankLine,
} from './stream-faults.js';
export { JOB_STREAM_BUG } from './routes/index.js';
export type { JobStreamRoute } from './routes/index.js';
export { pythonJson, SSE_HEADERS } from './sse.js';
export type { FaultScope } from './faults.js';
