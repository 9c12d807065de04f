/**
 * One record per server route: everything the client, the pipeline, the emulator and the tests need
 * to know about it. Adding an endpoint is adding a record (see ARCHITECTURE.md).
 */
import type * as z from 'zod/mini';
import type { Timeouts } from '../options/types.js';

/**
 * What repeating the request can do on the server, which decides what a retry may do:
 * - `read`: nothing.
 * - `idempotent-write`: the same effect again, or one nobody is charged for (an orphan PENDING job).
 * - `billed`: a provider call; after an ambiguous failure a repeat may charge twice.
 * - `lifecycle`: completing a job (the same status twice is harmless; leaving it open is the worst outcome).
 */
export type RetrySafety = 'read' | 'idempotent-write' | 'billed' | 'lifecycle';

/** The client's own team id, where a record places it (`{team_id}` in a path is always the team). */
export const TEAM_ID = 'teamId';

/** The `{job_id}` of a job route comes from the `jobId` argument. */
export const JOB_ID_PARAM = { job_id: 'jobId' } as const;

export interface Endpoint {
  /** SDK method name, used in messages, logs and metrics. */
  readonly operation: string;
  readonly method: 'GET' | 'POST' | 'PATCH';
  /** Path template relative to the origin, e.g. `/api/jobs/{job_id}/llm-call`. */
  readonly path: string;
  /** Which per-attempt timeout applies. */
  readonly timeout: keyof Timeouts;
  /** Whether the virtual key is sent (the server leaves some routes open). */
  readonly authenticated: boolean;
  readonly safety: RetrySafety;
  /** The method's arguments as one object, keyed by the names users see in errors (`jobId`, `messages.0.content`). */
  readonly input: z.core.$ZodType<Record<string, unknown>>;
  /** Path placeholder → input key. */
  readonly pathParams?: Readonly<Record<string, string>>;
  /** Query parameter → input key (or {@link TEAM_ID}). */
  readonly query?: Readonly<Record<string, string>>;
  /** `rest`: the body is every input key the path and the query did not take; `rest+team` adds `team_id`. */
  readonly body?: 'rest' | 'rest+team';
  /** A zod schema for a JSON answer, or `event-stream` for the stream routes. */
  readonly response: z.core.$ZodType | 'event-stream';
}

/** A record with its literal types kept, so the client's return types follow from its schemas. */
export function endpoint<const E extends Endpoint>(record: E): E {
  return record;
}

/** The typed answer of a JSON endpoint. */
export type ResponseOf<E extends Endpoint> = E['response'] extends z.core.$ZodType ? z.output<E['response']> : never;
