/**
 * The shapes of the options users write, checked at every entry so a wrong type is an
 * `InvalidRequestError` naming the option, never a raw `TypeError` or a request sent with nonsense.
 * Unknown keys pass (an option added later must not break an older call site).
 */
import * as z from 'zod/mini';

/** setTimeout's limit: a longer delay fires at once. */
const MAX_TIMER_MS = 2_147_483_647;

// zod 4 numbers are finite already: Infinity and NaN fail the type.
const milliseconds = () => z.number('must be a finite number of milliseconds').check(z.positive('must be positive'), z.lte(MAX_TIMER_MS, `must be at most ${MAX_TIMER_MS} ms`));
const count = () => z.int('must be a whole number').check(z.gte(0, 'must be 0 or more'));
const retries = () => count().check(z.lte(100, 'must be at most 100'));
const fraction = () => z.number('must be a number').check(z.gte(0, 'must be 0 or more'));
const flag = () => z.boolean('must be true or false');
const fn = (what: string) => z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', `must be a function (${what})`);

/** RFC 9110 token: what a header name may contain. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What fetch accepts in a header value: no CR, LF or NUL, nothing past Latin-1. */
const HEADER_VALUE = /^[\t\u0020-\u007e\u0080-\u00ff]*$/;
/** A key goes into `Authorization: Bearer …`: visible ASCII only. */
export const KEY_CHARACTERS = /^[\u0021-\u007e]+$/;

const headers = () => z.record(
  z.string().check(z.regex(HEADER_NAME, 'is not a valid header name')),
  z.string('must be a string').check(z.regex(HEADER_VALUE, 'contains a character a header value cannot hold (CR, LF, NUL or non-Latin-1)')),
  'must be an object of header names to string values',
);

/** Duck-typed: a signal from another realm (jsdom, a polyfill) is still a signal. */
const signal = () => z.custom<AbortSignal>(
  (value) => typeof value === 'object' && value !== null && typeof (value as AbortSignal).aborted === 'boolean' && typeof (value as AbortSignal).addEventListener === 'function',
  'must be an AbortSignal',
);

/** The fields every call's options share; each options schema spreads it (a lazy schema cannot be extended). */
const models = () => z.array(z.string('must be a model name').check(z.minLength(1, 'must not be empty')), 'must be an array of model names');

export const requestOptionsShape = () => ({
  fallbackModels: z.optional(models()),
  signal: z.optional(signal()),
  timeoutMs: z.optional(milliseconds()),
  deadlineMs: z.optional(milliseconds()),
  maxRetries: z.optional(retries()),
  retryAmbiguous: z.optional(flag()),
  headers: z.optional(headers()),
  reconcile: z.optional(flag()),
    waitUntil: z.optional(fn('receiving a promise (a Worker\'s ctx.waitUntil)')),
});

export const RequestOptionsSchema = z.lazy(() => z.looseObject(requestOptionsShape(), 'must be an object'));

export const StreamOptionsSchema = z.lazy(() =>
  z.looseObject(
    {
      ...requestOptionsShape(),
      idleTimeoutMs: z.optional(milliseconds()),
      endGraceMs: z.optional(z.number('must be a finite number of milliseconds').check(z.gte(0, 'must be 0 or more'), z.lte(MAX_TIMER_MS, `must be at most ${MAX_TIMER_MS} ms`))),
      autoFailJob: z.optional(flag()),
    },
    'must be an object',
  ),
);

export const HealthOptionsSchema = z.lazy(() => z.looseObject({ ...requestOptionsShape(), throwOnError: z.optional(flag()) }, 'must be an object'));

const timeouts = () => z.looseObject(
  Object.fromEntries(['create', 'get', 'llmCall', 'complete', 'createAndCall', 'stream', 'streamIdle', 'default'].map((name) => [name, z.optional(milliseconds())])),
  'must be an object of timeouts in ms',
);

const section = <S extends z.core.$ZodLooseShape>(shape: S, what: string) => z.union([z.literal(false), z.looseObject(shape)], `must be an object of ${what} options, or false`);

export const ClientOptionsSchema = z.lazy(() => z.looseObject(
  {
    baseUrl: z.optional(z.string('must be a string')),
    teamId: z.optional(z.string('must be a string')),
    virtualKey: z.optional(z.union([z.string(), fn('returning the key')], 'must be a string, or a function returning the key')),
    virtualKeyCacheMs: z.optional(z.int('must be a whole number of ms').check(z.gte(0, 'must be 0 or more'))),
    timeouts: z.optional(timeouts()),
    deadlineMs: z.optional(milliseconds()),
    retry: z.optional(section(
      { maxRetries: z.optional(retries()), baseDelayMs: z.optional(count()), maxDelayMs: z.optional(count()), jitter: z.optional(fraction().check(z.lte(1, 'must be at most 1'))), retryAmbiguous: z.optional(flag()) },
      'retry',
    )),
    retryBudget: z.optional(section(
      { capacity: z.optional(fraction()), retryCost: z.optional(fraction()), timeoutRetryCost: z.optional(fraction()), successRefill: z.optional(fraction()) },
      'retry budget',
    )),
    circuitBreaker: z.optional(section(
      {
        failureThreshold: z.optional(z.int('must be a whole number').check(z.gte(1, 'must be 1 or more'))),
        resetTimeoutMs: z.optional(milliseconds()),
        errorThresholdPercentage: z.optional(fraction().check(z.lte(100, 'must be at most 100'))),
        volumeThreshold: z.optional(count()),
        rollingWindowMs: z.optional(milliseconds()),
      },
      'circuit breaker',
    )),
    fallbackModels: z.optional(models()),
    tracer: z.optional(z.custom<object>((value) => typeof value === 'object' && value !== null && typeof (value as { startSpan?: unknown }).startSpan === 'function', 'must be an OpenTelemetry tracer (trace.getTracer(name))')),
    rateLimit: z.optional(
      z.union(
        [
          z.literal(false),
          z.looseObject({
            requestsPerSecond: z.number('must be a number').check(z.positive('must be positive')),
            burst: z.optional(z.int('must be a whole number').check(z.gte(1, 'must be 1 or more'))),
          }),
        ],
        'must be { requestsPerSecond, burst? } or false',
      ),
    ),
    sharedState: z.optional(
      z.custom<object>(
        (value) => typeof value === 'object' && value !== null && ['admit', 'record', 'take', 'put', 'claimCompletion', 'releaseCompletion'].every((name) => typeof (value as Record<string, unknown>)[name] === 'function'),
        'must be a shared state (createRedisSharedState from saas-litellm/redis)',
      ),
    ),
    sharedStateOptions: z.optional(z.looseObject({ timeoutMs: z.optional(milliseconds()), recheckMs: z.optional(milliseconds()) }, 'must be an object')),
    maxResponseBytes: z.optional(z.int('must be a whole number of bytes').check(z.positive('must be positive'))),
    fetch: z.optional(fn('a fetch-compatible function')),
    headers: z.optional(headers()),
    logger: z.optional(
      z.custom<object>(
        (value) => typeof value === 'object' && value !== null && ['debug', 'info', 'warn', 'error'].every((level) => typeof (value as Record<string, unknown>)[level] === 'function'),
        'must have debug, info, warn and error methods',
      ),
    ),
    logLevel: z.optional(z.enum(['debug', 'info', 'warn', 'error'], 'must be one of debug, info, warn, error')),
    hooks: z.optional(
      z.looseObject(
        Object.fromEntries(['onRequest', 'onResponse', 'onRetry', 'onError', 'onCircuitStateChange', 'onStreamEnd'].map((name) => [name, z.optional(fn('a hook'))])),
        'must be an object of hook functions',
      ),
    ),
    random: z.optional(fn('returning a number in [0, 1)')),
    reconcile: z.optional(flag()),
    waitUntil: z.optional(fn('receiving a promise (a Worker\'s ctx.waitUntil)')),
  },
  'must be an object',
));

