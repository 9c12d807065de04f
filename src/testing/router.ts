/**
 * Matches a request to a route of the SDK's endpoint table and runs the server's checks in its order
 * (contract §2): unknown path 404, wrong method 405, body JSON, auth, body validation, then the handler.
 */
import { ENDPOINTS, type Operation } from '../endpoints/index.js';
import { detail } from './responses.js';
import type { EmulatorState, TeamRecord } from './state.js';
import { parseJsonBody, unprocessable, validateBody, type FieldRule } from './validation.js';

/** What a handler gets: the request, its path parameters by name, the checked body and the caller's team. */
export interface RouteContext {
  request: Request;
  url: URL;
  /** Path parameters by placeholder name, e.g. `job_id`. */
  params: Readonly<Record<string, string>>;
  body: Record<string, unknown>;
  /** The authenticated team (unset on the routes the server leaves open). */
  team: TeamRecord;
}

export interface RouteHandler {
  /** Body fields as pydantic checks them; a route with rules parses a JSON body. */
  rules?: Readonly<Record<string, FieldRule>>;
  handle: (context: RouteContext) => Response | Promise<Response>;
}

/** One handler for every operation of the endpoint table: a route cannot be missing. */
export type RouteTable = Readonly<Record<Operation, RouteHandler>>;

interface CompiledRoute {
  method: string;
  pattern: RegExp;
  names: string[];
  auth: boolean;
  handler: RouteHandler;
}

const AUTH_HINT = "Expected: 'Authorization: Bearer sk-xxx...'";

export class Router {
  readonly #routes: CompiledRoute[];
  readonly #state: EmulatorState;

  constructor(table: RouteTable, state: EmulatorState) {
    this.#state = state;
    this.#routes = (Object.keys(ENDPOINTS) as Operation[]).map((operation) => {
      const { method, path, authenticated } = ENDPOINTS[operation];
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
      const pattern = new RegExp(`^${path.replace(/\{\w+\}/g, '([^/]+)')}$`);
      return { method, pattern, names, auth: authenticated, handler: table[operation] };
    });
  }

  async route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const matching = this.#routes.filter((route) => route.pattern.test(url.pathname));
    if (matching.length === 0) return detail(404, 'Not Found');
    const route = matching.find((candidate) => candidate.method === request.method);
    if (route === undefined) return detail(405, 'Method Not Allowed');
    const values = route.pattern.exec(url.pathname)?.slice(1).map(decodeURIComponent) ?? [];
    const params = Object.fromEntries(route.names.map((name, index) => [name, values[index] ?? '']));
    const { rules } = route.handler;

    let body: Record<string, unknown> = {};
    if (rules) {
      const parsed = parseJsonBody(await request.text());
      if ('error' in parsed) return parsed.error;
      if (typeof parsed.body !== 'object' || parsed.body === null || Array.isArray(parsed.body)) {
        const denied = route.auth ? this.#authenticate(request) : undefined;
        if (denied instanceof Response) return denied;
        return unprocessable([{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: parsed.body ?? null }]);
      }
      body = parsed.body as Record<string, unknown>;
    }
    const team = route.auth ? this.#authenticate(request) : undefined;
    if (team instanceof Response) return team;
    if (rules) {
      const issues = validateBody(body, rules);
      if (issues.length > 0) return unprocessable(issues);
    }
    return route.handler.handle({ request, url, params, body, team: team as TeamRecord });
  }

  /** The bearer-key dependency (contract §1): its three 401 texts, then the team's status. */
  #authenticate(request: Request): TeamRecord | Response {
    const header = request.headers.get('authorization');
    if (header === null || header.trim() === '') return detail(401, `Missing Authorization header. ${AUTH_HINT}`);
    const parts = header.trim().split(/\s+/);
    if (parts.length !== 2 || parts[0]?.toLowerCase() !== 'bearer') return detail(401, `Invalid Authorization header format. ${AUTH_HINT}`);
    const team = this.#state.teamByKey(parts[1] as string);
    if (team === undefined) return detail(401, 'Invalid API key');
    if (team.status !== 'active') return detail(403, `Team access is ${team.status}. Please contact support.`);
    return team;
  }
}
