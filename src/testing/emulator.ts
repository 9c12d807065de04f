/**
 * A stateful emulator of the SaaS LiteLLM API as a plain `(request: Request) => Promise<Response>`.
 * It reproduces the wire contract: check order (JSON → auth → validation → handler), every error text,
 * the plain-text 500s, credits and costs. Pass `emulator.fetch` as the client's `fetch`, or mount it
 * with msw through `createHandlers` (`saas-litellm/testing/msw`).
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
import { EmulatorState, type JobRecord, type TeamRecord } from './state.js';
import type { ReplyFunction } from './upstream.js';

/**
 * Middleware around the emulator: answer, delay, fail, or pass to `next`. The built-in faults also have
 * `reset()`, which `emulator.reset()` calls to restore their `times` and seed.
 */
export type Fault = ((request: Request, next: (request: Request) => Promise<Response>) => Promise<Response>) & { reset?: () => void };

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

const NETWORK_FAILURE = Symbol.for('saas-litellm.testing.network-failure');

/** Thrown by the emulator when a fault asks for a network failure; `fetch` rejects with it. */
export class EmulatedNetworkError extends TypeError {
  // A registered symbol, so that another copy of this module (ESM beside CJS) recognises it too.
  readonly [NETWORK_FAILURE] = true;

  constructor(code: string) {
    super('fetch failed', { cause: Object.assign(new Error(`emulated ${code}`), { code }) });
  }
}

/** True for an `EmulatedNetworkError` from any copy of the testing kit. */
export function isEmulatedNetworkError(error: unknown): error is EmulatedNetworkError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[NETWORK_FAILURE] === true;
}

/**
 * The SaaS LiteLLM API in memory. Its public surface is what a test needs: `fetch` to hand to the client,
 * the requests it saw, the jobs it holds, faults, and `reset()` between tests.
 */
export class Emulator {
  readonly #options: EmulatorOptions;
  readonly #requests: RecordedRequest[] = [];
  #faults: Fault[];
  #state: EmulatorState;
  #router: Router;

  constructor(options: EmulatorOptions = {}) {
    this.#options = options;
    this.#faults = [...(options.faults ?? [])];
    [this.#state, this.#router] = build(options);
  }

  /**
   * The emulator as a `fetch` function: pass it as the client's `fetch` option, or call it with a
   * `Request` (what `saas-litellm/testing/msw` and the loopback server do).
   */
  readonly fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const handled = this.#handle(request);
    // A new Request follows the caller's signal through a weak reference (nodejs/undici#4068): after a GC,
    // an answer that waits for the abort (a lost answer, a slow server) would wait forever. A listener on
    // the caller's own signal keeps the request reachable until the answer is settled.
    const given = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    if (given !== undefined && given !== null && given !== request.signal) {
      const hold = () => void request;
      given.addEventListener('abort', hold, { once: true });
      handled.then(
        () => given.removeEventListener('abort', hold),
        () => given.removeEventListener('abort', hold),
      );
    }
    return handled;
  };

  /** Every request seen since creation or the last `reset()`, in order (faulted ones included). */
  get requests(): readonly RecordedRequest[] {
    return this.#requests;
  }

  /** Requests whose path matches (all when omitted). */
  requestsTo(path?: string | RegExp): RecordedRequest[] {
    if (path === undefined) return [...this.#requests];
    return this.#requests.filter((recorded) => (typeof path === 'string' ? recorded.path === path : path.test(recorded.path)));
  }

  /** Add faults (applied outermost first, after those already installed). */
  use(...faults: Fault[]): this {
    this.#faults.push(...faults);
    return this;
  }

  /** Remove every fault, those given at creation included. */
  clearFaults(): this {
    this.#faults.length = 0;
    return this;
  }

  /**
   * Back to how `createEmulator(options)` made it: no jobs, calls or recorded requests, the teams, credits
   * and models of the options, and only the faults of the options (their `times` and seeds restored).
   * Teams added with `addTeam` and faults added with `use` are gone. Call it in `afterEach`.
   */
  reset(): this {
    this.#requests.length = 0;
    this.#faults = [...(this.#options.faults ?? [])];
    for (const fault of this.#faults) fault.reset?.();
    [this.#state, this.#router] = build(this.#options);
    return this;
  }

  /** A job as stored, or undefined. */
  job(jobId: string): JobRecord | undefined {
    return this.#state.jobs.get(jobId.toLowerCase());
  }

  /** Every job, oldest first. */
  jobs(): JobRecord[] {
    return [...this.#state.jobs.values()];
  }

  /** A team as stored (credits, status, key), or undefined. */
  team(teamId: string): TeamRecord | undefined {
    return this.#state.teams.get(teamId);
  }

  /** Add a team (its own key and credits) to those of the options. */
  addTeam(team: EmulatorTeamInit): this {
    this.#state.addTeam(team);
    return this;
  }

  /** Answer one request: record it, pass it through the faults, then route it. */
  async #handle(request: Request): Promise<Response> {
    await this.#record(request);
    const router = this.#router;
    const chain = this.#faults.reduceRight<(request: Request) => Promise<Response>>(
      (next, fault) => (current) => fault(current, next),
      (current) => router.route(current),
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
    this.#requests.push({ method: request.method, path: url.pathname, url: request.url, headers, body });
  }
}

function build(options: EmulatorOptions): [EmulatorState, Router] {
  const state = new EmulatorState(
    options.teams ?? DEFAULT_TEAMS,
    options.models ?? DEFAULT_MODELS,
    options.modelGroups ?? DEFAULT_MODEL_GROUPS,
    options.now ?? (() => new Date()),
  );
  const domain = new EmulatorDomain(state, { reply: options.reply, providersWithoutCredentials: options.providersWithoutCredentials ?? [] });
  return [state, new Router(routeTable({ state, domain, jobStreamRoute: options.jobStreamRoute ?? 'as-deployed' }), state)];
}

/** Create an emulator with the default teams and models (see fixtures). */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  return new Emulator(options);
}
