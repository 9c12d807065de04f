/**
 * `npm run soak:lost-answers`: a mixed workload through one client against the emulator, where a seeded
 * share of the answers to job-creating and completing requests is lost after the server acted (half as a
 * reset, half as a timeout). Then the server's own records are read back:
 *
 * - double charges: deductions beyond the first for one job (a completion sent again after its answer
 *   was lost clears `credit_applied`, and the next `completed` charges again);
 * - FAILED jobs that were charged;
 * - orphan jobs: jobs left PENDING or IN_PROGRESS;
 * - unknown charged answers: single-call jobs charged whose answer the client neither got nor was told of;
 * - the extra requests (lookups and re-sends) per lost answer.
 *
 * It runs the workload twice, with `reconcile` on and off, and prints both (or writes them into
 * docs/reliability.md with `--report FILE`). Exits 1 when reconciliation leaves any of the first four.
 *
 *   node soak/lost-answers.ts [--tasks 1500] [--rate 0.1] [--seed 1] [--report docs/reliability.md]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { isSaaSLLMError, SaaSLLMClient } from 'saas-litellm';
import { createEmulator, loseAnswer, TEST_BASE_URL, TEST_TEAM_ID, TEST_VIRTUAL_KEY, type Fault } from 'saas-litellm/testing';
import { seededRandom } from '../src/testing/random.ts';

const arg = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : (process.argv[index + 1] as string);
};
const TASKS = Number(arg('tasks', '1500'));
const RATE = Number(arg('rate', '0.1'));
const SEED = Number(arg('seed', '1'));
const REPORT = arg('report', '');
const IN_FLIGHT = 24;
const ROUTES = /^\/api\/jobs\/(create|create-and-call|create-and-call-stream|[0-9a-f-]{36}\/complete)$/;
const LOOKUPS = /^\/api\/(jobs\/[0-9a-f-]{36}(\/costs)?|teams\/[^/]+\/jobs)$/;

/** What one run of the soak measured (also read by test/soak/lost-answers.test.ts). */
export interface Figures {
  reconcile: boolean;
  tasks: number;
  succeeded: number;
  failedByError: Record<string, number>;
  answersLost: number;
  doubleCharges: number;
  failedButCharged: number;
  orphanJobs: number;
  unknownChargedAnswers: number;
  answerLostErrors: number;
  lookupRequests: number;
  resends: number;
  extraRequestsPerLostAnswer: number;
}

async function run(reconcile: boolean): Promise<Figures> {
  let answersLost = 0;
  const counted = (fault: Fault): Fault => async (request, next) => {
    try {
      return await fault(request, async (inner) => next(inner));
    } catch (error) {
      answersLost += 1;
      throw error;
    }
  };
  const emulator = createEmulator({
    jobStreamRoute: 'fixed',
    teams: [{ teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY, creditsAllocated: 1_000_000 }],
    faults: [
      counted(loseAnswer({ path: ROUTES, rate: RATE / 2, seed: SEED })),
      counted(loseAnswer({ path: ROUTES, rate: RATE / 2, seed: SEED + 1, as: 'timeout' })),
    ],
  });
  const client = new SaaSLLMClient({
    baseUrl: TEST_BASE_URL,
    teamId: TEST_TEAM_ID,
    virtualKey: TEST_VIRTUAL_KEY,
    fetch: emulator.fetch,
    reconcile,
    circuitBreaker: false,
    retry: { maxRetries: 3, baseDelayMs: 10, maxDelayMs: 40, jitter: 0 },
    retryBudget: { capacity: 100_000 },
    timeouts: { default: 400, get: 400, create: 400, complete: 400, llmCall: 400, createAndCall: 400, stream: 800 },
  });
  // Seeded: the workload's mix is the same in both runs.
  const draw = seededRandom(SEED);
  const kinds = ['job', 'withJob', 'createAndCall', 'stream'] as const;
  const figures: Figures = { reconcile, tasks: TASKS, succeeded: 0, failedByError: {}, answersLost: 0, doubleCharges: 0, failedButCharged: 0, orphanJobs: 0, unknownChargedAnswers: 0, answerLostErrors: 0, lookupRequests: 0, resends: 0, extraRequestsPerLostAnswer: 0 };
  const answered = new Set<string>();
  let firstSends = 0;
  let streamsAnswered = 0;
  const messages = [{ role: 'user' as const, content: 'Say hello' }];

  async function task(kind: (typeof kinds)[number]): Promise<void> {
    if (kind === 'job') {
      firstSends += 2;
      const { job_id } = await client.createJob('soak-job');
      await client.chat(job_id, { model: 'sdk-chat', messages });
      await client.completeJob(job_id, 'completed');
    } else if (kind === 'withJob') {
      firstSends += 2;
      await client.withJob('soak-with-job', (job) => job.chat({ model: 'sdk-chat', messages }));
    } else if (kind === 'createAndCall') {
      firstSends += 1;
      const result = await client.createAndCall({ job_type: 'soak-call', model: 'sdk-chat', messages });
      answered.add(result.job_id);
    } else {
      firstSends += 1;
      await (await client.createAndCallStream({ job_type: 'soak-stream', model: 'sdk-chat', messages })).text();
      streamsAnswered += 1;
    }
  }

  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < TASKS) {
        next += 1;
        const kind = kinds[Math.floor(draw() * kinds.length)] as (typeof kinds)[number];
        try {
          await task(kind);
          figures.succeeded += 1;
        } catch (error) {
          const name = isSaaSLLMError(error) ? error.name : `raw ${String(error)}`;
          figures.failedByError[name] = (figures.failedByError[name] ?? 0) + 1;
          if (isSaaSLLMError(error) && error.name === 'AnswerLostError' && error.jobId !== undefined) {
            figures.answerLostErrors += 1;
            answered.add(error.jobId);
          }
        }
      }
    }),
  );
  client.close();

  // The server's own records.
  const transactions = (await (
    await emulator.fetch(`${TEST_BASE_URL}/api/credits/teams/${TEST_TEAM_ID}/transactions?limit=100000`, { headers: { authorization: `Bearer ${TEST_VIRTUAL_KEY}` } })
  ).json()) as { transactions: Array<{ job_id: string | null; transaction_type: string }> };
  const charges = new Map<string, number>();
  for (const { job_id, transaction_type } of transactions.transactions) if (job_id && transaction_type === 'deduction') charges.set(job_id, (charges.get(job_id) ?? 0) + 1);
  const jobs = emulator.jobs();
  figures.answersLost = answersLost;
  figures.doubleCharges = [...charges.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0);
  figures.failedButCharged = jobs.filter((job) => job.status === 'FAILED' && charges.has(job.job_id)).length;
  figures.orphanJobs = jobs.filter((job) => job.status === 'PENDING' || job.status === 'IN_PROGRESS').length;
  const charged = (type: string) => jobs.filter((job) => job.job_type === type && charges.has(job.job_id));
  const unknownCalls = charged('soak-call').filter((job) => !answered.has(job.job_id)).length;
  const streamJobsTold = charged('soak-stream').filter((job) => answered.has(job.job_id)).length;
  const unknownStreams = Math.max(0, charged('soak-stream').length - streamsAnswered - streamJobsTold);
  figures.unknownChargedAnswers = unknownCalls + unknownStreams;
  figures.lookupRequests = emulator.requests.filter((request) => request.method === 'GET' && LOOKUPS.test(request.path)).length;
  figures.resends = emulator.requests.filter((request) => request.method === 'POST' && ROUTES.test(request.path)).length - firstSends;
  return figures;
}

async function main(): Promise<void> {
  // The SDK's timers never hold a process open, and the emulator is in memory: keep it alive while it runs.
  const alive = setInterval(() => {}, 60_000);
  const withReconcile = await run(true);
  const without = await run(false);
  clearInterval(alive);
  for (const figures of [withReconcile, without]) {
    figures.extraRequestsPerLostAnswer = figures.answersLost === 0 ? 0 : Number(((figures.lookupRequests + Math.max(0, figures.resends)) / figures.answersLost).toFixed(2));
  }
  const rows: Array<[string, (figures: Figures) => unknown]> = [
    ['tasks', (f) => f.tasks],
    ['tasks that succeeded', (f) => f.succeeded],
    ['tasks that failed, by error', (f) => Object.entries(f.failedByError).map(([name, count]) => `${name} ${count}`).join(', ') || '—'],
    ['answers lost after the server acted', (f) => f.answersLost],
    ['**double charges** (deductions beyond the first for a job)', (f) => f.doubleCharges],
    ['**FAILED jobs that were charged**', (f) => f.failedButCharged],
    ['**orphan jobs** (left PENDING or IN_PROGRESS)', (f) => f.orphanJobs],
    ['**unknown charged answers** (charged, neither answered nor reported)', (f) => f.unknownChargedAnswers],
    ['AnswerLostError reported (charged, answer lost, job named)', (f) => f.answerLostErrors],
    ['lookup requests (GET job, costs, team jobs)', (f) => f.lookupRequests],
    ['re-sends of create and complete requests', (f) => f.resends],
    ['extra requests per lost answer', (f) => f.extraRequestsPerLostAnswer],
  ];
  const table = [
    `Run ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}: ${TASKS} tasks, ${IN_FLIGHT} in flight, ${RATE * 100}% of the answers to create, create-and-call(-stream) and complete lost after the server acted (half reset, half timeout), seed ${SEED}.`,
    '',
    '| figure | reconcile (default) | `reconcile: false` |',
    '|---|---|---|',
    ...rows.map(([name, value]) => `| ${name} | ${String(value(withReconcile))} | ${String(value(without))} |`),
  ].join('\n');
  process.stdout.write(`${table}\n`);
  if (REPORT !== '') {
    const start = '<!-- lost-answers:start -->';
    const end = '<!-- lost-answers:end -->';
    const current = existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : '';
    const from = current.indexOf(start);
    const to = current.indexOf(end);
    const section = `${start}\n${table}\n${end}`;
    writeFileSync(REPORT, from >= 0 && to > from ? `${current.slice(0, from)}${section}${current.slice(to + end.length)}` : `${current}\n${section}\n`);
  }
  const failures = [withReconcile.doubleCharges, withReconcile.failedButCharged, withReconcile.orphanJobs, withReconcile.unknownChargedAnswers].some((count) => count > 0);
  process.stdout.write(`${JSON.stringify({ reconcile: withReconcile, without })}\n`);
  process.exitCode = failures ? 1 : 0;
}

await main();
