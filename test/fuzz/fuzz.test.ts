/**
 * Seeded fuzzing (fast-check) of every public method and option: junk, near-valid values with one field
 * wrong, and valid ones; every string argument sometimes holds a lone UTF-16 surrogate. For every case: the SDK never throws synchronously, every rejection is an SDK
 * error, nothing malformed reaches the server (it never answers 422 or 500), and the key appears in no
 * error and in no request except its Authorization header.
 */
import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { isSaaSLLMError, SaaSLLMClient } from '../../src/index.js';
import { createEmulator, TEST_BASE_URL, TEST_TEAM_ID, TEST_VIRTUAL_KEY } from '../../src/testing/index.js';
import { writeSection } from '../reliability-report.js';

const SEED = 20_261_201;
const RUNS = Number(process.env.FUZZ_RUNS ?? 1_500);
const tally = { cases: 0, resolved: 0, rejectedTyped: 0, workErrorsRethrown: 0, constructorCases: 0 };
afterAll(() => {
  if (process.env.RELIABILITY_REPORT) writeSection(process.env.RELIABILITY_REPORT, 'fuzz', tally, SEED);
});

/** What the fuzzed `withJob` work throws: rethrown as is by design, so not an SDK error. */
class WorkError extends Error {}

/** Strings, one in five with a lone UTF-16 surrogate (half a character: JSON carries it, a URL cannot). */
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit));
const text = (constraints: fc.StringConstraints = {}) =>
  fc.oneof({ arbitrary: fc.string(constraints), weight: 4 }, { arbitrary: fc.tuple(fc.string(constraints), loneSurrogate, fc.string(constraints)).map(([head, half, tail]) => head + half + tail), weight: 1 });
const junk = fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true, maxDepth: 3 });
const orJunk = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: junk, weight: 1 });
const special = fc.constantFrom<unknown>(null, undefined, Number.NaN, Number.POSITIVE_INFINITY, -1, 0, '', 'x', 10n, Symbol('s'), () => 1, [], {}, AbortSignal.abort(), '\ud800', 'a\udfffb');

const message = fc.record({ role: orJunk(fc.constantFrom('user', 'system', 'assistant')), content: orJunk(fc.oneof(text(), fc.constant(null))) }, { requiredKeys: ['role'] });
const callParams = fc.record(
  {
    model: orJunk(fc.constantFrom('sdk-chat', 'sdk-claude', 'sdk-gemini', 'nope', '')),
    messages: orJunk(fc.array(orJunk(message), { maxLength: 3 })),
    max_tokens: orJunk(fc.integer({ min: -5, max: 100 })),
    temperature: fc.oneof(fc.double(), special),
    stop: orJunk(fc.array(text(), { maxLength: 2 })),
    tool_choice: fc.oneof(fc.constantFrom('auto', 'none'), special),
    model_group: text(),
    call_metadata: orJunk(fc.dictionary(text({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })),
  },
  { requiredKeys: [] },
);
const createParams = fc.record({ job_type: orJunk(text({ maxLength: 120 })), user_id: fc.oneof(text(), special), metadata: fc.oneof(fc.dictionary(text({ maxLength: 4 }), junk, { maxKeys: 3 }), special) }, { requiredKeys: [] });
const options = fc.oneof(
  fc.constant(undefined),
  special,
  fc.record(
    {
      timeoutMs: fc.oneof(fc.integer({ min: 1, max: 2_000 }), special),
      deadlineMs: fc.oneof(fc.integer({ min: 1, max: 2_000 }), special),
      maxRetries: fc.oneof(fc.integer({ min: -1, max: 3 }), special),
      retryAmbiguous: fc.oneof(fc.boolean(), special),
      signal: fc.oneof(fc.constant(AbortSignal.abort()), fc.constant(new AbortController().signal), special),
      headers: fc.oneof(fc.dictionary(text({ maxLength: 6 }), text({ maxLength: 6 }), { maxKeys: 2 }), special),
      idleTimeoutMs: fc.oneof(fc.integer({ min: 1, max: 2_000 }), special),
      autoFailJob: fc.oneof(fc.boolean(), special),
      throwOnError: fc.oneof(fc.boolean(), special),
      schemaName: fc.oneof(fc.constantFrom('answer', 'bad name!'), special),
      requireCredits: fc.oneof(fc.integer({ min: -1, max: 5 }), special),
    },
    { requiredKeys: [] },
  ),
);
const jobId = (valid: string) => fc.oneof(fc.constant(valid), fc.uuid(), special, text());

type Invoke = (client: SaaSLLMClient) => unknown;
function methods(validJob: string): fc.Arbitrary<[string, Invoke]> {
  const id = jobId(validJob);
  const named = <A extends unknown[]>(name: string, args: fc.Arbitrary<A>, call: (client: SaaSLLMClient, ...values: A) => unknown) =>
    args.map((values): [string, Invoke] => [name, (client) => call(client, ...values)]);
  const any = (client: SaaSLLMClient, name: string, ...args: unknown[]) => (client as unknown as Record<string, (...values: unknown[]) => unknown>)[name]?.(...args);
  return fc.oneof(
    named('createJob', fc.tuple(fc.oneof(text({ maxLength: 120 }), createParams, special), options), (client, a, o) => any(client, 'createJob', a, o)),
    named('getJob', fc.tuple(id, options), (client, a, o) => any(client, 'getJob', a, o)),
    named('updateJobMetadata', fc.tuple(id, fc.oneof(fc.dictionary(text({ maxLength: 4 }), junk, { maxKeys: 3 }), special), options), (client, a, b, o) => any(client, 'updateJobMetadata', a, b, o)),
    named('chat', fc.tuple(id, callParams, options), (client, a, b, o) => any(client, 'chat', a, b, o)),
    named('chatStream', fc.tuple(id, callParams, options), (client, a, b, o) => any(client, 'chatStream', a, b, o)),
    named('createAndCall', fc.tuple(fc.tuple(callParams, createParams).map(([a, b]) => ({ ...a, ...b })), options), (client, a, o) => any(client, 'createAndCall', a, o)),
    named('createAndCallStream', fc.tuple(fc.tuple(callParams, createParams).map(([a, b]) => ({ ...a, ...b })), options), (client, a, o) => any(client, 'createAndCallStream', a, o)),
    named('structuredOutput', fc.tuple(id, callParams, fc.oneof(fc.constant(z.object({ a: z.string() })), special), options), (client, a, b, c, o) => any(client, 'structuredOutput', a, b, c, o)),
    named('withJob', fc.tuple(fc.oneof(text({ maxLength: 20 }), createParams, special), fc.oneof(fc.constant(async () => 1), fc.constant(() => { throw new WorkError('work failed'); }), special), options), (client, a, b, o) => any(client, 'withJob', a, b, o)),
    named('completeJob', fc.tuple(id, fc.oneof(fc.constantFrom('completed', 'failed'), special), fc.oneof(fc.record({ error_message: text(), metadata: junk }, { requiredKeys: [] }), special), options), (client, a, b, c, o) => any(client, 'completeJob', a, b, c, o)),
    named('listJobs', fc.tuple(fc.oneof(fc.record({ limit: orJunk(fc.integer()), offset: orJunk(fc.integer()), status: orJunk(fc.constantFrom('COMPLETED', 'nope')) }, { requiredKeys: [] }), special), options), (client, a, o) => any(client, 'listJobs', a, o)),
    named('getUsage', fc.tuple(fc.oneof(fc.constantFrom('2026-11', '2026', 'nope'), special), options), (client, a, o) => any(client, 'getUsage', a, o)),
    named('checkCredits', fc.tuple(fc.oneof(fc.integer({ min: -2, max: 5 }), special), options), (client, a, o) => any(client, 'checkCredits', a, o)),
    named('getModel', fc.tuple(fc.oneof(fc.constantFrom('sdk-chat', 'a/b', '', '\udfff', 'sdk-\ud800'), special), options), (client, a, o) => any(client, 'getModel', a, o)),
    named('resolveModelGroup', fc.tuple(fc.oneof(fc.constantFrom('sdk-group', '', '\ud800', 'sdk-\udc00'), special), options), (client, a, o) => any(client, 'resolveModelGroup', a, o)),
    named('health', fc.tuple(options), (client, o) => any(client, 'health', o)),
    named('getCreditBalance', fc.tuple(options), (client, o) => any(client, 'getCreditBalance', o)),
  );
}

/** Settle whatever a method returned: a stream is read to its end. */
async function settle(value: unknown): Promise<void> {
  const stream = value as { text?: () => Promise<string> } | undefined;
  if (typeof stream?.text === 'function') await stream.text();
}

const leaks = (value: unknown) => JSON.stringify(value)?.includes(TEST_VIRTUAL_KEY) === true || inspect(value, { depth: 6 }).includes(TEST_VIRTUAL_KEY);

describe('fuzz: every public method and option', () => {
  it(`${RUNS} seeded cases: typed rejections only, nothing malformed sent, the key kept`, async () => {
    const emulator = createEmulator({ jobStreamRoute: 'fixed' });
    const statuses: number[] = [];
    const client = new SaaSLLMClient({
      baseUrl: TEST_BASE_URL,
      teamId: TEST_TEAM_ID,
      virtualKey: TEST_VIRTUAL_KEY,
      fetch: emulator.fetch,
      retry: { baseDelayMs: 0, maxDelayMs: 0 },
      circuitBreaker: false,
      hooks: { onResponse: ({ status }) => void statuses.push(status) },
    });
    const { job_id: validJob } = await client.createJob('fuzz');
    await fc.assert(
      fc.asyncProperty(methods(validJob), async ([name, invoke]) => {
        tally.cases += 1;
        statuses.length = 0;
        const sentBefore = emulator.requests.length;
        let result: unknown;
        try {
          result = invoke(client);
        } catch (error) {
          throw new Error(`${name} threw synchronously: ${String(error)}`);
        }
        try {
          await settle(await result);
          tally.resolved += 1;
        } catch (error) {
          if (error instanceof WorkError) return void (tally.workErrorsRethrown += 1);
          if (!isSaaSLLMError(error)) throw new Error(`${name} rejected with a non-SDK error: ${inspect(error)}`);
          if (leaks(error)) throw new Error(`${name}: the key is in the error`);
          tally.rejectedTyped += 1;
        }
        const malformed = statuses.filter((status) => status === 422 || status === 500);
        if (malformed.length > 0) throw new Error(`${name}: the server answered ${malformed.join(', ')}: something malformed was sent`);
        for (const request of emulator.requests.slice(sentBefore)) {
          if (`${request.url} ${JSON.stringify(request.body)}`.includes(TEST_VIRTUAL_KEY)) throw new Error(`${name}: the key was sent outside its header`);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    client.close();
    expect(tally.cases).toBeGreaterThanOrEqual(RUNS);
  }, 120_000);

  it('the constructor: an SDK error or a client, for any options', () => {
    fc.assert(
      fc.property(fc.oneof(junk, fc.record({ baseUrl: orJunk(fc.constant(TEST_BASE_URL)), teamId: orJunk(fc.constant('t')), virtualKey: orJunk(text()), timeouts: junk, retry: junk, circuitBreaker: junk, fetch: junk, headers: junk, logLevel: junk, hooks: junk }, { requiredKeys: [] })), (options) => {
        tally.constructorCases += 1;
        try {
          new SaaSLLMClient(options as never).close();
        } catch (error) {
          if (error instanceof WorkError) return void (tally.workErrorsRethrown += 1);
          if (!isSaaSLLMError(error)) throw new Error(`non-SDK error: ${inspect(error)}`);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
