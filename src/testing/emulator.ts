/**
 * A stateful emulator of the SaaS LiteLLM API as a plain `(request: Request) => Promise<Response>`.
 * It reproduces the wire contract: check order (JSON → auth → validation → handler), every error text,
 * the plain-text 500s, credits and costs. Pass `emulator.fetch` as the client's `fetch`, or mount it
 * with msw through `createHandlers`.
 */
import { EmulatorDomain } from './domain.js';
import {
  DEFAULT_MODEL_GROUPS,
  DEFAULT_MODELS,
  DEFAULT_TEAMS,
  type EmulatorModelGroupInit,
  type EmulatorModelInit,
  type EmulatorTeamInit,
} from './fixtures.js';
import { Router } from './router.js';
import { routeTable, type JobStreamRoute } from './routes/index.js';
import { EmulatorState, type JobRecord } from './state.js';
import type { ReplyFunction } from './upstream.js';

/** Middleware around the emulator: answer, delay, fail, or pass to `next`. */
export type Fault = (request: Request, next: (request: Request) => Promise<Response>) => Promise<Response>;

/** One request the emulator saw. */
export interface RecordedRequest {
  method: string;
  /** Path without the query, e.g. `/api/jobs/create`. */
  path: string;
  url: string;
  headers: Record<string, string>;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
}

export interface EmulatorOptions {
  /** @default DEFAULT_TEAMS (active, suspended and zero-credit teams) */
  teams?: readonly EmulatorTeamInit[];
  /** @default DEFAULT_MODELS (one per provider) */
  models?: readonly EmulatorModelInit[];
  /** @default DEFAULT_MODEL_GROUPS */
  modelGroups?: readonly EmulatorModelGroupInit[];
  /** Choose the provider's reply text (default: an echo of the last user message). */
  reply?: ReplyFunction;
  /** Providers with no credentials configured: calls fail with the server's configuration error. */
  providersWithoutCredentials?: readonly string[];
  /** Faults applied to every request, outermost first. */
  faults?: readonly Fault[];
  /** Clock for timestamps. @default () => new Date() */
  now?: () => Date;
  /**
   * The per-job stream route (`/api/jobs/{job_id}/llm-call-stream`): `as-deployed` reproduces the server
   * at HEAD, where every call ends in one error frame (`'Response' object does not support the
   * asynchronous context manager protocol`); `fixed` streams as that route would once the bug is fixed.
   * @default 'as-deployed'
   */
  jobStreamRoute?: JobStreamRoute;
}

/** Thrown by the emulator when a fault asks for a network failure; `fetch` rejects with it. */
export class EmulatedNetworkError extends TypeError {
  constructor(code: string) {
    super('fetch failed', { cause: Object.assign(new Error(`emulated ${code}`), { code }) });
  }
}

export class Emulator {
  /** The emulator's records: teams, jobs, models and the credit ledger. */
  readonly state: EmulatorState;
  /** Every request seen, in order (faulted ones included). */
  readonly requests: RecordedRequest[] = [];
  readonly #faults: Fault[];
  readonly #router: Router;

  constructor(options: EmulatorOptions = {}) {
    this.#faults = [...(options.faults ?? [])];
    this.state = new EmulatorState(
      options.teams ?? DEFAULT_TEAMS,
      options.models ?? DEFAULT_MODELS,
      options.modelGroups ?? DEFAULT_MODEL_GROUPS,
      options.now ?? (() => new Date()),
    );
    const domain = new EmulatorDomain(this.state, { reply: options.reply, providersWithoutCredentials: options.providersWithoutCredentials ?? [] });
    this.#router = new Router(routeTable({ state: this.state, domain, jobStreamRoute: options.jobStreamRoute ?? 'as-deployed' }), this.state);
  }

  /** The emulator as a `fetch` function: pass it as the client's `fetch` option. */
  readonly fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
    this.handle(input instanceof Request && init === undefined ? input : new Request(input, init));

  /** Add faults (applied outermost first, after those already installed). */
  use(...faults: Fault[]): this {
    this.#faults.push(...faults);
    return this;
  }

  /** Remove every fault. */
  clearFaults(): this {
    this.#faults.length = 0;
    return this;
  }

  /** Requests whose path matches (all when omitted). */
  requestsTo(path?: string | RegExp): RecordedRequest[] {
    if (path === undefined) return [...this.requests];
    return this.requests.filter((recorded) => (typeof path === 'string' ? recorded.path === path : path.test(recorded.path)));
  }

  /** A job as stored, or undefined. */
  job(jobId: string): JobRecord | undefined {
    return this.state.jobs.get(jobId.toLowerCase());
  }

  /** Answer one request: record it, pass it through the faults, then route it. */
  async handle(request: Request): Promise<Response> {
    await this.#record(request);
    const chain = this.#faults.reduceRight<(request: Request) => Promise<Response>>(
      (next, fault) => (current) => fault(current, next),
      (current) => this.#router.route(current),
    );
    return chain(request);
  }

  async #record(request: Request): Promise<void> {
    const url = new URL(request.url);
    const text = request.body === null ? '' : await request.clone().text();
    let body: unknown = text === '' ? undefined : text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // keep the raw text
    }
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    this.requests.push({ method: request.method, path: url.pathname, url: request.url, headers, body });
  }
}

/** Create an emulator with the default teams and models (see fixtures). */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  return new Emulator(options);
}
