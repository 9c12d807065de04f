export { SaaSLLMClient } from './client.js';
export type { HealthFailure, HealthStatus, JobHandle } from './client.js';
export { metricsToPrometheus } from './observability/prometheus.js';
export { LatencyHistogram, PROMETHEUS_BUCKETS_SECONDS } from './observability/histogram.js';
export type { LatencySummary } from './observability/histogram.js';
export type { EndpointMetrics, MetricsSnapshot } from './observability/metrics.js';
export { createConsoleLogger } from './observability/logger.js';
export { ChatStream } from './streaming/chat-stream.js';
export type { ChatCompletionChunk, ChunkUsage, StreamProvider } from './streaming/normalize.js';
export type { WithJobOptions } from './jobs/with-job.js';
export type {
  CircuitBreakerOptions,
  ClientOptions,
  FetchLike,
  RequestOptions,
  RetryBudgetOptions,
  RetryOptions,
  StreamOptions,
  Timeouts,
} from './options.js';
export { DEFAULT_CIRCUIT_BREAKER, DEFAULT_RETRY, DEFAULT_RETRY_BUDGET, DEFAULT_TIMEOUTS } from './options.js';
export {
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
  ResponseValidationError,
  SaaSLLMError,
  ServerError,
  ServiceUnavailableError,
  StreamError,
  StreamInterruptedError,
  TeamInactiveError,
  TimeoutError,
  ValidationError,
  errorFromResponse,
  isAPIError,
  isSaaSLLMError,
} from './errors.js';
export type { ErrorContext, InputIssue, ResponseErrorInput, SendState, TimeoutPhase, ValidationIssue } from './errors.js';
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
export type { ChatResponse, CreateAndCallResponse } from './schemas/llm.js';
export type { CreditBalance, CreditCheck, CreditTransaction, CreditTransactionList } from './schemas/credits.js';
export type { Health, ModelAlias, ModelGroupResolution } from './schemas/models.js';
export type {
  ChatMessage,
  ChatParams,
  CompleteJobOptions,
  CreateAndCallParams,
  CreateJobParams,
  ListJobsQuery,
  ListModelsQuery,
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
} from './observability/hooks.js';
export type { CircuitState } from './policies/circuit-breaker.js';
