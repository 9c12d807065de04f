/**
 * Options in, fully-defaulted frozen objects out: once per client (`resolveOptions`) and once at the
 * start of each call (`resolveCallOptions`). Nothing downstream supplies a default of its own, and this
 * is the one place that reads the environment (through environment.ts).
 */
import { InvalidRequestError } from '../errors/index.js';
import { VirtualKey } from '../base/secret.js';
import { checkInput } from '../base/validate.js';
import { ClientOptionsSchema, KEY_CHARACTERS } from './schemas.js';
import { DEFAULT_SHARED_STATE, DEFAULT_VIRTUAL_KEY_CACHE_MS, DEFAULT_CIRCUIT_BREAKER, DEFAULT_END_GRACE_MS, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_RETRY, DEFAULT_RETRY_BUDGET, DEFAULT_TIMEOUTS, runtimeFetch } from './defaults.js';
import { environmentLogging, readEnv, type Env } from './environment.js';
import type { ClientOptions, RequestOptions, StreamOptions, Timeouts } from './types.js';
import type { CallOptions, ResolvedOptions, StreamCallOptions } from './resolved.js';

/** Apply environment fallbacks and defaults; throw `InvalidRequestError` naming what is missing. */
export function resolveOptions(given: ClientOptions | undefined, env: Env = readEnv()): ResolvedOptions {
  const options = checkInput(ClientOptionsSchema, given === undefined ? {} : given, 'SaaSLLMClient', undefined, 'options') as unknown as ClientOptions;
  const baseUrl = options.baseUrl ?? env.SAAS_LITELLM_API_URL;
  const teamId = options.teamId ?? env.SAAS_LITELLM_TEAM_ID;
  const virtualKey = options.virtualKey ?? env.SAAS_LITELLM_VIRTUAL_KEY;
  const missing = [
    [baseUrl, 'baseUrl', 'SAAS_LITELLM_API_URL'],
    [teamId, 'teamId', 'SAAS_LITELLM_TEAM_ID'],
    [virtualKey, 'virtualKey', 'SAAS_LITELLM_VIRTUAL_KEY'],
  ].filter(([value]) => value === undefined || (typeof value === 'string' && value.trim() === ''));
  if (missing.length > 0) {
    const names = missing.map(([, option, variable]) => `\`${option}\` (or ${variable})`).join(', ');
    throw new InvalidRequestError(`SaaSLLMClient needs ${names}.`, {
      issues: missing.map(([, option, variable]) => ({ path: option as string, message: `missing; pass it or set ${variable}` })),
    });
  }
  const origin = normaliseOrigin(baseUrl as string);
  const key = typeof virtualKey === 'function' ? virtualKey : checkKey(virtualKey, '`virtualKey`');
  const fromEnvironment = environmentLogging(env);

  return Object.freeze({
    origin,
    teamId: (teamId as string).trim(),
    virtualKey: new VirtualKey(key, { cacheMs: options.virtualKeyCacheMs ?? DEFAULT_VIRTUAL_KEY_CACHE_MS, check: (value) => checkKey(value, 'the key `virtualKey()` returned') }),
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    timeouts: resolveTimeouts(options.timeouts),
    deadlineMs: options.deadlineMs,
    retry: Object.freeze(options.retry === false ? { ...DEFAULT_RETRY, maxRetries: 0 } : { ...DEFAULT_RETRY, ...definedOnly(options.retry) }),
    retryBudget: options.retryBudget === false ? false : Object.freeze({ ...DEFAULT_RETRY_BUDGET, ...definedOnly(options.retryBudget) }),
    circuitBreaker: options.circuitBreaker === false ? false : Object.freeze({ ...DEFAULT_CIRCUIT_BREAKER, ...definedOnly(options.circuitBreaker) }),
    fallbackModels: Object.freeze([...(options.fallbackModels ?? [])]),
    tracer: options.tracer,
    rateLimit: options.rateLimit === undefined || options.rateLimit === false ? false : Object.freeze({ ...options.rateLimit }),
    sharedState: options.sharedState,
    sharedStateOptions: Object.freeze({ ...DEFAULT_SHARED_STATE, ...definedOnly(options.sharedStateOptions) }),
    fetch: options.fetch ?? runtimeFetch,
    headers: Object.freeze({ ...options.headers }),
    logger: options.logger ?? fromEnvironment.logger,
    logLevel: options.logLevel ?? fromEnvironment.logLevel ?? 'info',
    hooks: Object.freeze({ ...options.hooks }),
    random: options.random ?? Math.random,
    reconcile: options.reconcile ?? true,
    waitUntil: options.waitUntil,
  });
}

/** One call's options: what the caller passed, else the client's defaults for this endpoint's timeout. */
export function resolveCallOptions(client: ResolvedOptions, timeout: keyof Timeouts, options: RequestOptions = {}): CallOptions {
  return {
    signal: options.signal,
    timeoutMs: options.timeoutMs ?? client.timeouts[timeout],
    deadlineMs: options.deadlineMs ?? client.deadlineMs,
    maxRetries: options.maxRetries ?? client.retry.maxRetries,
    retryAmbiguous: options.retryAmbiguous ?? client.retry.retryAmbiguous,
    headers: options.headers,
    fallbackModels: options.fallbackModels ?? client.fallbackModels,
    reconcile: options.reconcile ?? client.reconcile,
    waitUntil: options.waitUntil ?? client.waitUntil,
  };
}

/** A stream call's options: `timeoutMs` is the whole stream, and the idle limit never exceeds it. */
export function resolveStreamOptions(client: ResolvedOptions, options: StreamOptions = {}): StreamCallOptions {
  const { idleTimeoutMs, autoFailJob = true, endGraceMs = DEFAULT_END_GRACE_MS, ...requestOptions } = options;
  const call = resolveCallOptions(client, 'stream', requestOptions);
  return { ...call, idleTimeoutMs: idleTimeoutMs ?? Math.min(client.timeouts.streamIdle, call.timeoutMs), autoFailJob, endGraceMs };
}

function resolveTimeouts(timeouts: Partial<Timeouts> | undefined): Readonly<Timeouts> {
  const given = definedOnly(timeouts);
  return Object.freeze({ ...DEFAULT_TIMEOUTS, streamIdle: given.stream ?? DEFAULT_TIMEOUTS.stream, ...given });
}

function normaliseOrigin(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new InvalidRequestError(`\`baseUrl\` must be an absolute http(s) URL, got "${baseUrl}".`, {
      issues: [{ path: 'baseUrl', message: 'must be an absolute http(s) URL' }],
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidRequestError(`\`baseUrl\` must use http or https, got "${url.protocol}".`, {
      issues: [{ path: 'baseUrl', message: 'must use http or https' }],
    });
  }
  // The server's docs call `<origin>/api` the API URL; accept it and add /api ourselves.
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
  return `${url.origin}${path}`;
}

/** A key as the Authorization header can carry it; the key itself never goes into the message. */
function checkKey(value: unknown, what: string): string {
  const key = typeof value === 'string' ? value.trim() : '';
  if (key === '') {
    throw new InvalidRequestError(`${what} must be a non-empty string.`, { issues: [{ path: 'virtualKey', message: 'must be a non-empty string' }] });
  }
  if (!KEY_CHARACTERS.test(key)) {
    throw new InvalidRequestError(`${what} contains characters an Authorization header cannot carry (spaces, control characters or non-ASCII). Check how the key was copied.`, {
      issues: [{ path: 'virtualKey', message: 'must be visible ASCII characters only' }],
    });
  }
  return key;
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  if (value === undefined) return {};
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
