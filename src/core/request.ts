/**
 * The request spec: an endpoint record and checked input turned into what goes on the wire. Built once
 * per call, read by every stage after it.
 */
import { TEAM_ID, type Endpoint, type RetrySafety } from '../endpoints/endpoint.js';
import type { CallInfo } from '../observability/hooks.js';

/** Everything the pipeline needs to know about one logical call. */
export interface RequestSpec<T> {
  readonly info: CallInfo;
  readonly url: string;
  readonly body: Record<string, unknown> | undefined;
  readonly authenticated: boolean;
  readonly safety: RetrySafety;
  /** What the response should be. */
  readonly accept: 'application/json' | 'text/event-stream';
  /** Turns a 2xx response into the result (JSON parse + schema, or a stream). */
  readonly read: (response: Response, attempt: AttemptResult) => Promise<T>;
}

/** What `read` learns about the attempt that produced the response. */
export interface AttemptResult {
  info: CallInfo;
  /** Attempts made, this one included. */
  attempts: number;
}

/** The wire parts of a call: its URL (path filled, query appended) and its JSON body. */
export function wireParts(record: Endpoint, input: Record<string, unknown>, teamId: string, origin: string): { url: string; body: Record<string, unknown> | undefined } {
  const source: Record<string, unknown> = { ...input, [TEAM_ID]: teamId };
  const taken = new Set<string>();
  const path = record.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const key = name === 'team_id' ? TEAM_ID : (record.pathParams?.[name] ?? name);
    taken.add(key);
    return encodeURIComponent(String(source[key]));
  });
  let query = '';
  for (const [name, key] of Object.entries(record.query ?? {})) {
    taken.add(key);
    const value = source[key];
    if (value !== undefined) query += `${query === '' ? '?' : '&'}${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`;
  }
  return { url: `${origin}${path}${query}`, body: record.body === undefined ? undefined : bodyOf(record.body, input, taken, teamId) };
}

function bodyOf(layout: 'rest' | 'rest+team', input: Record<string, unknown>, taken: Set<string>, teamId: string): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) if (!taken.has(key)) body[key] = value;
  if (layout === 'rest+team') body.team_id = teamId;
  return body;
}

/** The spec of one call of `record` with checked `input`; a new request id each time. */
export function requestSpec<T>(
  record: Endpoint,
  input: Record<string, unknown>,
  client: { teamId: string; origin: string },
  read: RequestSpec<T>['read'],
): RequestSpec<T> {
  const { url, body } = wireParts(record, input, client.teamId, client.origin);
  return {
    info: {
      requestId: globalThis.crypto.randomUUID(),
      operation: record.operation,
      method: record.method,
      endpoint: record.path,
      jobId: typeof input.jobId === 'string' ? input.jobId : undefined,
    },
    url,
    body,
    authenticated: record.authenticated,
    safety: record.safety,
    accept: record.response === 'event-stream' ? 'text/event-stream' : 'application/json',
    read,
  };
}
