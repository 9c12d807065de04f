/**
 * The shapes of the options users write, checked at every entry so a wrong type is an
 * `InvalidRequestError` naming the option, never a raw `TypeError` or a request sent with nonsense.
 * Unknown keys pass (an option added later must not break an older call site).
 */
import * as z from 'zod';

/** setTimeout's limit: a longer delay fires at once. */
const MAX_TIMER_MS = 2_147_483_647;

const milliseconds = z.number('must be a number of milliseconds').finite('must be finite').positive('must be positive').max(MAX_TIMER_MS, `must be at most ${MAX_TIMER_MS} ms`);
const count = z.number('must be a number').int('must be a whole number').min(0, 'must be 0 or more');
const fraction = z.number('must be a number').min(0, 'must be 0 or more');
const flag = z.boolean('must be true or false');
const fn = (what: string) => z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', `must be a function (${what})`);

/** RFC 9110 token: what a header name may contain. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What fetch accepts in a header value: no CR, LF or NUL, nothing past Latin-1. */
const HEADER_VALUE = /^[\t\u0020-\u007e\u0080-\u00ff]*$/;
/** A key goes into `Authorization: Bearer …`: visible ASCII only. */
export const KEY_CHARACTERS = /^[\u0021-\u007e]+$/;

const headers = z.record(
  z.string().regex(HEADER_NAME, 'is not a valid header name'),
  z.string('must be a string').regex(HEADER_VALUE, 'contains a character a header value cannot hold (CR, LF, NUL or non-Latin-1)'),
  'must be an object of header names to string values',
);

/** Duck-typed: a signal from another realm (jsdom, a polyfill) is still a signal. */
const signal = z.custom<AbortSignal>(
  (value) => typeof value === 'object' && value !== null && typeof (value as AbortSignal).aborted === 'boolean' && typeof (value as AbortSignal).addEventListener === 'function',
  'must be an AbortSignal',
);

export const RequestOptionsSchema = z.looseObject(
  {
    signal: signal.optional(),
    timeoutMs: milliseconds.optional(),
    deadlineMs: milliseconds.optional(),
    maxRetries: count.max(100, 'must be at most 100').optional(),
    retryAmbiguous: flag.optional(),
    headers: headers.optional(),
  },
  'must be an object',
);

export const StreamOptionsSchema = RequestOptionsSchema.extend({
  idleTimeoutMs: milliseconds.optional(),
  endGraceMs: z.number('must be a number of milliseconds').finite('must be finite').min(0, 'must be 0 or more').max(MAX_TIMER_MS, `must be at most ${MAX_TIMER_MS} ms`).optional(),
  autoFailJob: flag.optional(),
});

export const HealthOptionsSchema = RequestOptionsSchema.extend({ throwOnError: flag.optional() });

const timeouts = z.looseObject(
  Object.fromEntries(['create', 'get', 'llmCall', 'complete', 'createAndCall', 'stream', 'streamIdle', 'default'].map((name) => [name, milliseconds.optional()])),
  'must be an object of timeouts in ms',
);

const section = <S extends z.ZodRawShape>(shape: S, what: string) => z.union([z.literal(false), z.looseObject(shape)], `must be an object of ${what} options, or false`);

export const ClientOptionsSchema = z.looseObject(
  {
    baseUrl: z.string('must be a string').optional(),
    teamId: z.string('must be a string').optional(),
    virtualKey: z.string('must be a string').optional(),
    timeouts: timeouts.optional(),
    deadlineMs: milliseconds.optional(),
    retry: section(
      { maxRetries: count.max(100, 'must be at most 100').optional(), baseDelayMs: count.optional(), maxDelayMs: count.optional(), jitter: fraction.max(1, 'must be at most 1').optional(), retryAmbiguous: flag.optional() },
      'retry',
    ).optional(),
    retryBudget: section(
      { capacity: fraction.optional(), retryCost: fraction.optional(), timeoutRetryCost: fraction.optional(), successRefill: fraction.optional() },
      'retry budget',
    ).optional(),
    circuitBreaker: section(
      {
        failureThreshold: count.min(1, 'must be 1 or more').optional(),
        resetTimeoutMs: milliseconds.optional(),
        errorThresholdPercentage: fraction.max(100, 'must be at most 100').optional(),
        volumeThreshold: count.optional(),
        rollingWindowMs: milliseconds.optional(),
      },
      'circuit breaker',
    ).optional(),
    maxResponseBytes: z.number('must be a number of bytes').int('must be a whole number').positive('must be positive').optional(),
    fetch: fn('a fetch-compatible function').optional(),
    headers: headers.optional(),
    logger: z
      .custom<object>(
        (value) => typeof value === 'object' && value !== null && ['debug', 'info', 'warn', 'error'].every((level) => typeof (value as Record<string, unknown>)[level] === 'function'),
        'must have debug, info, warn and error methods',
      )
      .optional(),
    logLevel: z.enum(['debug', 'info', 'warn', 'error'], 'must be one of debug, info, warn, error').optional(),
    hooks: z
      .looseObject(
        Object.fromEntries(['onRequest', 'onResponse', 'onRetry', 'onError', 'onCircuitStateChange', 'onStreamEnd'].map((name) => [name, fn('a hook').optional()])),
        'must be an object of hook functions',
      )
      .optional(),
    random: fn('returning a number in [0, 1)').optional(),
  },
  'must be an object',
);
