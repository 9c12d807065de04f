/**
 * What the SDK checks before sending. Limits mirror the server's database columns, which otherwise
 * turn over-long values into an unexplained plain-text 500. The public parameter types are derived
 * from these shapes.
 */
import * as z from 'zod/mini';
import { CompleteStatusSchema, JobStatusSchema } from './common.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_ERROR_MESSAGE = 1000;

export const JobIdSchema = z.lazy(() => z.string({ error: 'must be a string' }).check(z.regex(UUID, 'must be a UUID (the server answers 500 for anything else)')));

export const ChatMessageSchema = z.lazy(() => z.looseObject(
  {
    role: z.string('must be a non-empty string').check(z.minLength(1, 'must be a non-empty string')),
    // `null` is what an assistant message carrying only tool calls has.
    content: z.union([z.string(), z.array(z.record(z.string(), z.unknown())), z.null()], 'must be a string, an array of content parts, or null'),
  },
  'must be a message object ({ role, content })',
));

/** Metadata the server stores as JSON: anything JSON cannot carry is refused here, not dropped on the way. */
// Typed as the public `Metadata` (values `unknown`), so callers' existing objects keep compiling; checked as JSON.
const JsonMetadata = z.lazy(() => z.record(z.string(), z.json(), 'must be an object')) as unknown as z.ZodMiniType<
  Record<string, unknown>,
  Record<string, unknown>
>;
/** A chat message; providers receive extra fields as-is (OpenAI) or reduced to `{role, content}`. */
export type ChatMessage = z.input<typeof ChatMessageSchema>;

const callShape = () => ({
  /** A model alias or model group assigned to the team. */
  model: z.string({ error: 'is required' }).check(z.minLength(1, 'must not be empty'), z.maxLength(100, 'must be at most 100 characters')),
  messages: z.array(ChatMessageSchema, { error: 'is required and must be an array of messages' }).check(z.minLength(1, 'must contain at least one message')),
  /** Label stored with the call (≤ 200 chars). */
  purpose: z.nullish(z.string().check(z.maxLength(200, 'must be at most 200 characters'))),
  temperature: z.nullish(z.number()),
  max_tokens: z.nullish(z.int().check(z.positive())),
  /** Passed to OpenAI and Fireworks; ignored by the server for Anthropic and Gemini. */
  response_format: z.nullish(z.record(z.string(), z.unknown())),
  tools: z.nullish(z.array(z.record(z.string(), z.unknown()))),
  tool_choice: z.nullish(z.union([z.enum(['none', 'auto', 'required']), z.looseObject({ type: z.string() })], "must be 'none', 'auto', 'required' or an object naming a tool")),
  top_p: z.nullish(z.number()),
  frequency_penalty: z.nullish(z.number()),
  presence_penalty: z.nullish(z.number()),
  /** Must be an array. */
  stop: z.nullish(z.array(z.string(), { error: 'must be an array of strings (a bare string is rejected by the server)' })),
});

const chatShape = () => ({
  ...callShape(),
  /** Shallow-merged into the job's metadata after a successful call (non-streaming route only). */
  call_metadata: z.nullish(JsonMetadata),
});

const jobShape = () => ({
  /** ≤ 100 chars. */
  job_type: z.string({ error: 'is required' }).check(z.minLength(1, 'must not be empty'), z.maxLength(100, 'must be at most 100 characters')),
  /** ≤ 255 chars. */
  user_id: z.nullish(z.string().check(z.maxLength(255, 'must be at most 255 characters'))),
});

const singleCallShape = () => ({
  ...callShape(),
  ...jobShape(),
  /** Metadata of the job created for this call (note the name: `job_metadata`). */
  job_metadata: z.nullish(JsonMetadata),
});

/** Rejects the field the outdated docs use, which the server silently drops. */
const noModelGroup = (params: unknown) => typeof params !== 'object' || params === null || !('model_group' in params);
// Checked even when other fields failed: `{ model_group, messages }` must say why `model` is missing.
const modelGroupIssue = { message: '`model_group` is not a field of this API: pass the alias or group name as `model`', path: ['model_group'], when: () => true };

/** The server forwards an explicit null to the provider with undefined results: omit it instead. */
const withoutNulls = <T extends Record<string, unknown>>(params: T): T =>
  Object.fromEntries(Object.entries(params).filter(([, value]) => value !== null && value !== undefined)) as T;

/** Parameters of `chat` / `chatStream`. */
export type ChatParams = z.input<z.ZodMiniObject<ReturnType<typeof chatShape>>>;
/** Parameters of `structuredOutput`: a chat call whose `response_format` the SDK builds. */
export type StructuredParams = Omit<ChatParams, 'response_format'>;
/** Parameters of `createAndCall` / `createAndCallStream`. */
export type CreateAndCallParams = z.input<z.ZodMiniObject<ReturnType<typeof singleCallShape>>>;
const createJobShape = () => ({ ...jobShape(), metadata: z.nullish(JsonMetadata) });
/** Parameters of `createJob`. */
export type CreateJobParams = z.input<z.ZodMiniObject<ReturnType<typeof createJobShape>>>;

export const ChatInput = z.lazy(() => z.pipe(z.looseObject({ jobId: JobIdSchema, ...chatShape() }).check(z.refine(noModelGroup, modelGroupIssue)), z.transform(withoutNulls)));

export const CreateAndCallInput = z.lazy(() => z.pipe(z.looseObject(singleCallShape()).check(z.refine(noModelGroup, modelGroupIssue)), z.transform(withoutNulls)));

export const CreateJobInput = z.lazy(() => z.looseObject(createJobShape()));

export const JobInput = z.lazy(() => z.object({ jobId: JobIdSchema }));

export const UpdateMetadataInput = z.lazy(() => z.object({ jobId: JobIdSchema, metadata: JsonMetadata }));

const completeShape = () => ({
  /** Stored with a failed job; longer than 1000 characters is truncated. */
  error_message: z.nullish(z.pipe(z.string(), z.transform((message: string) => message.slice(0, MAX_ERROR_MESSAGE)))),
  metadata: z.nullish(JsonMetadata),
});
/** Options of `completeJob`. */
export type CompleteJobOptions = z.input<z.ZodMiniObject<ReturnType<typeof completeShape>>>;

export const CompleteJobInput = z.lazy(() => z.object({ jobId: JobIdSchema, status: CompleteStatusSchema, ...completeShape() }));

const listJobsShape = () => ({
  /** @default 100 */
  limit: z.optional(z.int().check(z.gte(1))),
  /** @default 0 */
  offset: z.optional(z.int().check(z.gte(0))),
  /** Filter by status (either case; the server only accepts UPPERCASE and answers a plain-text 500 otherwise). */
  status: z.optional(z.pipe(z.pipe(z.string(), z.transform((status: string) => status.toUpperCase())), JobStatusSchema)),
});
export const ListJobsInput = z.lazy(() => z.object(listJobsShape()));
/** Query of `listJobs`. */
export type ListJobsQuery = z.input<typeof ListJobsInput>;

export const UsageInput = z.lazy(() => z.object({
  /** `YYYY-MM` or `YYYY`. */
  period: z.string({ error: 'is required (YYYY-MM or YYYY)' }).check(z.regex(/^\d{4}(-\d{2})?$/, 'must be YYYY-MM or YYYY (a day never matches on the server)')),
}));
/** Query of `getUsage`. */
export type UsageQuery = z.input<typeof UsageInput>;

export const TransactionsInput = z.lazy(() => z.object({
  /** @default 50 */
  limit: z.optional(z.int().check(z.gte(1))),
}));
/** Query of `listCreditTransactions`. */
export type TransactionsQuery = z.input<typeof TransactionsInput>;

export const CreditsNeededSchema = z.lazy(() => z.int('must be a whole number').check(z.gte(0)));
export const CheckCreditsInput = z.lazy(() => z.object({ creditsNeeded: CreditsNeededSchema }));

const ModelNameSchema = z.lazy(() => z.string().check(z.minLength(1, 'must not be empty'), z.regex(/^[^/]*$/, 'must not contain "/"')));
export const ModelGroupInput = z.lazy(() => z.object({ groupName: ModelNameSchema }));
export const ModelAliasInput = z.lazy(() => z.object({ alias: ModelNameSchema }));

export const ListModelsInput = z.lazy(() => z.object({
  status: z.optional(z.string()),
  provider: z.optional(z.string()),
  access_group: z.optional(z.string()),
}));
/** Filters of `listModels`. */
export type ListModelsQuery = z.input<typeof ListModelsInput>;

export const NoInput = z.lazy(() => z.object({}));

/** The `json_schema.name` of a structured-output request, as OpenAI accepts it. */
export const SchemaNameSchema = z.lazy(() => z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -')));
