/**
 * Interleavings explored, not hoped for: fast-check's scheduler decides the order in which the server's
 * answers reach the client (each answer is a scheduled task), over many seeded schedules, for the model
 * breaker, the half-open probe and the completion registry. `npm run reliability` records the counts in
 * docs/reliability.md ("Concurrency").
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CircuitOpenError, ServerError } from '../../src/index.js';
import { createEmulator, dropStreamAfter, type Fault } from '../../src/testing/index.js';
import { writeSection } from '../reliability-report.js';
import { closingClients, hello } from '../helpers.js';

const SEED = 20_261_207;
const RUNS = Number(process.env.INTERLEAVING_RUNS ?? 100);
const explored: Record<string, number> = {};
afterAll(() => {
  if (process.env.RELIABILITY_REPORT) writeSection(process.env.RELIABILITY_REPORT, 'concurrency', explored, SEED);
});

const client = closingClients();

/** Every answer to a request on `path` becomes a task the scheduler releases when it chooses. */
function scheduled(s: fc.Scheduler, path: RegExp): Fault {
  return (request, next) => (path.test(new URL(request.url).pathname) ? s.schedule(next(request), new URL(request.url).pathname) : next(request));
}

const providerFailure = () => new Response(JSON.stringify({ detail: 'LLM call failed: the provider is down' }), { status: 500, headers: { 'content-type': 'application/json' } });
const settle = (call: Promise<unknown>) => call.then(() => 'ok', (error: Error) => error);
const count = (name: string) => void (explored[name] = (explored[name] ?? 0) + 1);

describe('the model breaker, answers in any order', () => {
  it(`provider failures in flight together open the breaker however they settle (${RUNS} schedules)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 3, max: 8 }), async (s, calls) => {
        count('model breaker: failures in flight together');
        const emulator = createEmulator({ providersWithoutCredentials: ['anthropic'] });
        emulator.use(scheduled(s, /\/llm-call$/));
        const sdk = client(emulator, { circuitBreaker: { failureThreshold: 3 } });
        const { job_id } = await sdk.createJob('interleaving');
        const outcomes = await s.waitFor(Promise.all(Array.from({ length: calls }, () => settle(sdk.chat(job_id, { model: 'sdk-claude', messages: hello })))));
        expect(outcomes.every((outcome) => outcome instanceof ServerError)).toBe(true);
        expect(sdk.modelCircuitState('sdk-claude')).toBe('open');
        const sent = emulator.requests.length;
        expect(await settle(sdk.chat(job_id, { model: 'sdk-claude', messages: hello }))).toBeInstanceOf(CircuitOpenError);
        expect(emulator.requests).toHaveLength(sent);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`fewer failures than the threshold, mixed with successes, never open it (${RUNS} schedules)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 1, max: 4 }), async (s, successes) => {
        count('model breaker: below the threshold with successes');
        const emulator = createEmulator();
        let index = 0;
        // Two failures (threshold 3) among the answers, wherever the scheduler puts them.
        emulator.use((request, next) => (request.url.endsWith('/llm-call') && index++ < 2 ? Promise.resolve(providerFailure()) : next(request)));
        emulator.use(scheduled(s, /\/llm-call$/));
        const sdk = client(emulator, { circuitBreaker: { failureThreshold: 3 } });
        const { job_id } = await sdk.createJob('interleaving');
        const outcomes = await s.waitFor(Promise.all(Array.from({ length: 2 + successes }, () => settle(sdk.chat(job_id, { model: 'sdk-chat', messages: hello })))));
        expect(outcomes.filter((outcome) => outcome instanceof ServerError)).toHaveLength(2);
        expect(sdk.modelCircuitState('sdk-chat')).toBe('closed');
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('the half-open probe, answers in any order', () => {
  it(`one probe however many calls arrive; failures from before the outage cannot overrule it (${RUNS} schedules)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 12 }), fc.boolean(), async (s, stale, arriving, probeSucceeds) => {
        count('half-open probe');
        vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
        const emulator = createEmulator();
        let request = 0;
        // Three failures open the breaker; `stale` more calls, sent before it opened, fail late (the
        // scheduler releases them around the probe); then the probe answers 200 or 503.
        const answer = (): Response => {
          request += 1;
          const fails = request <= 3 + stale || !probeSucceeds;
          return fails ? new Response('{"detail":"Service Unavailable"}', { status: 503, headers: { 'content-type': 'application/json' } }) : Response.json({ team_id: 't', credits_remaining: 100 });
        };
        let ordinal = 0;
        emulator.use((request_, next) => {
          if (!request_.url.endsWith('/balance')) return next(request_);
          ordinal += 1;
          const response = answer();
          return ordinal <= 3 ? Promise.resolve(response) : s.schedule(Promise.resolve(response), ordinal <= 3 + stale ? 'stale' : 'probe');
        });
        const sdk = client(emulator, { circuitBreaker: { failureThreshold: 3, resetTimeoutMs: 1_000 } });
        const opening = Array.from({ length: 3 + stale }, () => settle(sdk.getCreditBalance()));
        await Promise.all(opening.slice(0, 3));
        expect(sdk.circuitState).toBe('open');
        await vi.advanceTimersByTimeAsync(1_000);
        expect(sdk.circuitState).toBe('halfOpen');
        const probing = Array.from({ length: arriving }, () => settle(sdk.getCreditBalance()));
        const outcomes = await s.waitFor(Promise.all([...opening.slice(3), ...probing]));
        const refused = outcomes.filter((outcome) => outcome instanceof CircuitOpenError);
        // Exactly one of the arriving calls was sent: the probe.
        expect(refused).toHaveLength(arriving - 1);
        expect(emulator.requestsTo(/\/balance$/)).toHaveLength(3 + stale + 1);
        expect(sdk.circuitState).toBe(probeSucceeds ? 'closed' : 'open');
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('completing a job once, answers in any order', () => {
  it(`withJob's own completion and a manual completeJob inside its work: one /complete (${RUNS} schedules)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.constantFrom('completed' as const, 'failed' as const), fc.boolean(), async (s, manualStatus, workThrows) => {
        count('withJob and a manual completeJob');
        const emulator = createEmulator();
        emulator.use(scheduled(s, /\/complete$/));
        const sdk = client(emulator, {});
        let jobId = '';
        let manual: Promise<unknown> = Promise.resolve();
        const run = settle(
          sdk.withJob('interleaving', async (job) => {
            jobId = job.job_id;
            manual = settle(sdk.completeJob(job.job_id, manualStatus));
            if (workThrows) throw new Error('the work failed');
            return 'done';
          }),
        );
        await s.waitFor(run);
        await s.waitFor(manual);
        expect(emulator.requestsTo(/\/complete$/)).toHaveLength(1);
        // The manual completion claimed the job first; withJob did not send a second one.
        expect(await manual).toBe('ok');
        expect(emulator.job(jobId)?.status).toBe(manualStatus === 'completed' ? 'COMPLETED' : 'FAILED');
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`a stream's auto-fail racing a manual completeJob in the caller's catch: one /complete (${RUNS} schedules)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.constantFrom('completed' as const, 'failed' as const), async (s, manualStatus) => {
        count("a stream's auto-fail and a manual completeJob");
        const emulator = createEmulator({ jobStreamRoute: 'fixed', faults: [dropStreamAfter(2)] });
        emulator.use(scheduled(s, /\/complete$/));
        const sdk = client(emulator, {});
        const { job_id } = await sdk.createJob('interleaving');
        const stream = await sdk.chatStream(job_id, { model: 'sdk-chat', messages: hello });
        const read = settle(stream.text());
        // The caller completes the job itself as soon as the stream has failed, while the auto-fail is out.
        const manual = read.then(() => settle(sdk.completeJob(job_id, manualStatus)));
        const [streamOutcome, manualOutcome] = await s.waitFor(Promise.all([read, manual]));
        expect((streamOutcome as Error).name).toBe('StreamInterruptedError');
        expect(emulator.requestsTo(/\/complete$/)).toHaveLength(1);
        // The auto-fail claimed the job first: the manual completion is refused, nothing sent.
        expect((manualOutcome as Error).name).toBe('InvalidRequestError');
        expect(emulator.job(job_id)?.status).toBe('FAILED');
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
