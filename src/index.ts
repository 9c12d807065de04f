/**
 * The client (`SaaSLLMClient`), its errors, streams, options and result types.
 * @module saas-litellm
 */
export { SaaSLLMClient } from './client.js';
export type { JobHandle } from './jobs/job-handle.js';
export { metricsToPrometheus } from './observability/prometheus.js';
export type { LatencySummary } from './observability/histogram.js';
export type { EndpointMetrics, MetricsSnapshot } from './observability/metrics.js';
export { createConsoleLogger } from './observability/logger.js';
export { ChatStream } from './streaming/chat-stream.js';
export type { ChatCompletionChunk, ChunkUsage, StreamProvider, ToolCall, ToolCallDelta } from './streaming/normalize.js';
export type { ChatStreamSettings, FromEventStreamOptions, StreamOutcome } from './streaming/stream-settings.js';
export type { NormalizerState, StreamDialect, StreamPayload, StreamSignal } from './streaming/normalize.js';
export { ANTHROPIC_DIALECT, GEMINI_DIALECT } from './streaming/dialects.js';
export type { WithJobOptions } from './jobs/with-job.js';
export type { AttributeValue, Attributes, SpanLike, TracerLike } from './observability/tracing.js';
export type { VirtualKeyProvider } from './base/secret.js';
export type { SharedAdmission, SharedBreakerSettings, SharedBucketSettings, SharedState } from './options/shared-state.js';
export type {
  CircuitBreakerOptions,
  ClientOptions,
  RateLimitOptions,
  SharedStateOptions,
  FetchLike,
  RequestOptions,
  RetryBudgetOptions,
  RetryOptions,
  StreamOptions,
  StructuredOutputOptions,
  Timeouts,
} from './options/types.js';
export { DEFAULT_CIRCUIT_BREAKER, DEFAULT_RETRY, DEFAULT_RETRY_BUDGET, DEFAULT_TIMEOUTS } from './options/defaults.js';
export {
  AnswerLostError,
  APIError,
  AuthenticationError,
  BadRequestError,
  CircuitOpenError,
  ConflictError,
  ConnectionError,
  InsufficientCreditsError,
  InvalidRequestError,
  ModelAccessDeniedError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestAbortedError,
  ResponseTooLargeError,
  ResponseValidationError,
  SaaSLLMError,
  ServerError,
  ServiceUnavailableError,
  StreamError,
  StreamInterruptedError,
  TeamInactiveError,
  TimeoutError,
  ValidationError,
  isAPIError,
  isSaaSLLMError,
} from './errors/index.js';
export type {
  APIErrorInit,
  APIErrorName,
  ErrorCode,
  ErrorContext,
  InputIssue,
  PartialStream,
  PartialToolCall,
  PermissionDeniedName,
  SaaSLLMErrorInit,
  SaaSLLMErrorName,
  SendState,
  ServerErrorName,
  TimeoutPhase,
  ValidationIssue,
} from './errors/index.js';
export { parseTimestamp } from './schemas/common.js';
export type { CompleteStatus, JobStatus, Metadata } from './schemas/common.js';
export type {
  CompleteJobResponse,
  CreateJobResponse,
  Job,
  JobCosts,
  JobCostSummary,
  JobList,
  TeamUsage,
  UpdateMetadataResponse,
} from './schemas/jobs.js';
export type { ChatResponse, CreateAndCallResponse, FellBack } from './schemas/llm.js';
export type { CreditBalance, CreditCheck, CreditTransaction, CreditTransactionList } from './schemas/credits.js';
export type { Health, HealthFailure, HealthStatus, ModelAlias, ModelGroup, ModelGroupResolution } from './schemas/models.js';
export type { TeamInfo } from './schemas/teams.js';
export type {
  ChatMessage,
  ChatParams,
  CompleteJobOptions,
  CreateAndCallParams,
  CreateJobParams,
  ListJobsQuery,
  ListModelsQuery,
  StructuredParams,
  TransactionsQuery,
  UsageQuery,
} from './schemas/requests.js';
export type { LogFields, Logger, LogLevel } from './observability/logger.js';
export type {
  CallInfo,
  CircuitStateChangeHookState,
  ErrorHookState,
  Hooks,
  RequestHookState,
  ResponseHookState,
  RetryHookState,
  StreamEndHookState,
  CircuitState,
} from './observability/hooks.js';
