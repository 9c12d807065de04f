/**
 * The request spec: an endpoint record and checked input turned into what goes on the wire. Built once
 * per call, read by every stage after it.
 */
import { TEAM_ID, type Endpoint } from '../endpoints/endpoint.js';
import { InvalidRequestError } from '../errors/index.js';
import type { RequestSpec } from '../policies/call.js';

/** A record's path template split once: literal text and the input key of each placeholder. */
interface PathPlan {
  literals: string[];
  keys: string[];
  /** Input keys the path and the query take (what the body leaves out). */
  taken: ReadonlySet<string>;
}

const plans = new WeakMap<Endpoint, PathPlan>();

function planOf(record: Endpoint): PathPlan {
  let plan = plans.get(record);
  if (plan === undefined) {
    const parts = record.path.split(/\{(\w+)\}/);
    const literals = parts.filter((_, index) => index % 2 === 0);
    const keys = parts.filter((_, index) => index % 2 === 1).map((name) => (name === 'team_id' ? TEAM_ID : (record.pathParams?.[name] ?? name)));
    plan = { literals, keys, taken: new Set([...keys, ...Object.values(record.query ?? {})]) };
    plans.set(record, plan);
  }
  return plan;
}

/** The wire parts of a call: its path (ids filled in), its query and its JSON body. */
export function wireParts(record: Endpoint, input: Record<string, unknown>, teamId: string): Pick<RequestSpec<unknown>, 'path' | 'query' | 'body'> {
  const { literals, keys, taken } = planOf(record);
  const valueOf = (key: string) => (key === TEAM_ID ? teamId : input[key]);
  let path = literals[0] as string;
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index] as string;
    path += encodeForUrl(record.operation, key, valueOf(key)) + (literals[index + 1] as string);
  }
  let query: Record<string, string | number> | undefined;
  if (record.query !== undefined) {
    for (const [name, key] of Object.entries(record.query)) {
      const value = valueOf(key);
      if (typeof value === 'string') encodeForUrl(record.operation, key, value);
      if (value !== undefined) (query ??= {})[name] = value as string | number;
    }
  }
  return { path, query, body: record.body === undefined ? undefined : serialise(record.operation, bodyOf(record.body, input, taken, teamId)) };
}

/**
 * A path or query value, percent-encoded. A lone UTF-16 surrogate (half of a character, e.g. a string cut
 * between the two halves of an emoji) has no UTF-8 form: `encodeURIComponent` throws a raw `URIError`
 * and `URLSearchParams` would silently send U+FFFD instead, so it is the caller's input error.
 */
function encodeForUrl(operation: string, key: string, value: unknown): string {
  try {
    return encodeURIComponent(String(value));
  } catch {
    throw new InvalidRequestError(`${operation}(): invalid input: \`${key}\` holds a lone UTF-16 surrogate (half of a character) and cannot be put in a URL. Nothing was sent.`, {
      operation,
      issues: [{ path: key, message: 'holds a lone UTF-16 surrogate (half of a character)' }],
    });
  }
}

/** The JSON body; a value JSON cannot carry (BigInt, a cycle, nesting past the stack) is the caller's input error. */
function serialise(operation: string, body: Record<string, unknown>): string {
  try {
    return JSON.stringify(body);
  } catch (error) {
    const reason = error instanceof RangeError ? 'it is nested too deeply' : error instanceof Error ? error.message : String(error);
    throw new InvalidRequestError(`${operation}(): the request body cannot be serialised as JSON (${reason}). Nothing was sent.`, {
      operation,
      issues: [{ path: '(body)', message: `not serialisable as JSON: ${reason}` }],
    });
  }
}

/** The full URL of a spec, for hooks and messages (the transport joins it itself). */
export function urlOf(origin: string, spec: Pick<RequestSpec<unknown>, 'path' | 'query'>): string {
  const query = spec.query === undefined ? '' : `?${new URLSearchParams(Object.entries(spec.query).map(([name, value]) => [name, String(value)]))}`;
  return `${origin}${spec.path}${query}`;
}

function bodyOf(layout: 'rest' | 'rest+team', input: Record<string, unknown>, taken: ReadonlySet<string>, teamId: string): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) if (!taken.has(key)) body[key] = value;
  if (layout === 'rest+team') body.team_id = teamId;
  return body;
}

/** The spec of one call of `record` with checked `input`; a new request id each time. */
export function requestSpec<T>(
  record: Endpoint,
  input: Record<string, unknown>,
  teamId: string,
  read: RequestSpec<T>['read'],
  reconciled = false,
): RequestSpec<T> {
  return {
    info: {
      requestId: globalThis.crypto.randomUUID(),
      operation: record.operation,
      method: record.method,
      endpoint: record.path,
      jobId: typeof input.jobId === 'string' ? input.jobId : undefined,
    },
    ...wireParts(record, input, teamId),
    authenticated: record.authenticated,
    safety: record.safety,
    model: typeof input.model === 'string' ? input.model : undefined,
    accept: record.response === 'event-stream' ? 'text/event-stream' : 'application/json',
    read,
    reconciled,
  };
}
