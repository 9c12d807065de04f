import type { CallInfo } from '../observability/hooks.js';
import type { Timeouts } from '../options.js';

/** Everything the pipeline needs to know about one logical call; built by the client, read by the stages. */
export interface RequestSpec<T> {
  /** SDK method name, e.g. `chat` (used in messages, logs and metrics). */
  operation: string;
  method: 'GET' | 'POST' | 'PATCH';
  /** Path template relative to the origin, e.g. `/api/jobs/{job_id}/llm-call`. */
  endpoint: string;
  pathParams?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Which per-attempt timeout applies. */
  timeout: keyof Timeouts;
  /** Whether to send the virtual key (the unauthenticated routes do not need it). */
  authenticated: boolean;
  /**
   * Whether repeating after an ambiguous failure (the server may have done the work) cannot charge twice:
   * true for reads, metadata PATCH, complete and createJob; false for LLM calls.
   */
  idempotent: boolean;
  jobId?: string | undefined;
  /** What the response should be. @default 'application/json' */
  accept?: string;
  /** Turns a 2xx response into the result (JSON parse + schema, or a stream). */
  read: (response: Response, call: AttemptResult) => Promise<T>;
}

/** `/api/jobs/{job_id}` + `{ job_id: 'x' }` → `/api/jobs/x` (each value URI-encoded). */
export function fillPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(value);
  });
}

export function buildUrl(origin: string, spec: RequestSpec<unknown>): string {
  const url = new URL(`${origin}${fillPath(spec.endpoint, spec.pathParams)}`);
  for (const [name, value] of Object.entries(spec.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url.toString();
}

/** What `read` learns about the call that produced the response. */
export interface AttemptResult {
  info: CallInfo;
  /** Attempts made, this one included. */
  attempts: number;
}
