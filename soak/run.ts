/**
 * `npm run soak`: many calls and per-job streams through one client, 50 in flight, against a server
 * where ~10% of requests get a socket-level fault, with forced garbage collections. It checks the
 * SDK's promises over the whole run and prints (or writes, `--report FILE`) the figures:
 *
 * - no unhandled rejection or uncaught exception; every rejection an SDK error;
 * - every task settles within its bound (the deadline of each of its calls, plus slack);
 * - every job the client knew ends COMPLETED or FAILED, never completed with two different statuses;
 * - `client.metrics()` agrees with the requests the server saw;
 * - the heap after GC is within 10% of the warmed-up start; no handle is left; the process exits alone.
 *
 *   node --expose-gc soak/run.ts [--calls 20000] [--streams 2000] [--rate 0.1] [--seed 1] [--report docs/reliability.md]
 */
import { fork } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { isSaaSLLMError, SaaSLLMClient } from 'saas-litellm';
import { TEST_TEAM_ID, TEST_VIRTUAL_KEY } from 'saas-litellm/testing';

const arg = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : (process.argv[index + 1] as string);
};
const CALLS = Number(arg('calls', '20000'));
const STREAMS = Number(arg('streams', '2000'));
const RATE = Number(arg('rate', '0.1'));
const SEED = Number(arg('seed', '1'));
const REPORT = arg('report', '');
const IN_FLIGHT = 50;
const DEADLINE_MS = 8_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc (npm run soak does)');

let unhandled = 0;
process.on('unhandledRejection', () => void (unhandled += 1));
process.on('uncaughtException', () => void (unhandled += 1));

const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), [String(RATE), String(SEED)], { execArgv: ['--no-warnings'] });
const port = await new Promise<number>((resolve) => child.once('message', (message) => resolve((message as { port: number }).port)));

const client = new SaaSLLMClient({
  baseUrl: `http://127.0.0.1:${port}`,
  teamId: TEST_TEAM_ID,
  virtualKey: TEST_VIRTUAL_KEY,
  deadlineMs: DEADLINE_MS,
  retry: { maxRetries: 4, baseDelayMs: 5, maxDelayMs: 50 },
  circuitBreaker: { failureThreshold: 20, resetTimeoutMs: 200 },
  timeouts: { default: 1_000, create: 1_000, get: 1_000, llmCall: 1_000, complete: 1_000, createAndCall: 1_000, stream: 3_000, streamIdle: 500 },
});
const params = { model: 'sdk-chat', messages: [{ role: 'user', content: 'Say hello' }] };
const knownJobs = new Set<string>();
/** Jobs whose completion the SDK reported as undeliverable (a rejected completeJob, or `completionError`). */
const reported = new Set<string>();
function noteCompletionFailure(jobId: string, error: unknown): void {
  if ((error as { completionError?: unknown }).completionError !== undefined || (error as { operation?: string }).operation === 'completeJob') reported.add(jobId);
}
const outcomes = { ok: 0, sdkErrors: 0, nonSdkErrors: 0, overBound: 0, byCode: {} as Record<string, number> };

/** Kinds of task; the number is how many SDK calls (each bounded by the deadline) it makes at most. */
const CALL_TASKS: Array<[number, () => Promise<unknown>]> = [
  [1, () => client.getCreditBalance()],
  [1, () => client.listModels()],
  [1, () => client.createAndCall({ ...params, job_type: 'soak' })],
  [
    3,
    async () => {
      const job = await client.createJob('soak');
      knownJobs.add(job.job_id);
      const status = await client.chat(job.job_id, params).then(
        () => 'completed' as const,
        () => 'failed' as const,
      );
      await client.completeJob(job.job_id, status).catch((error: unknown) => {
        noteCompletionFailure(job.job_id, error);
        throw error;
      });
    },
  ],
];
const STREAM_TASKS: Array<[number, () => Promise<unknown>]> = [
  [
    3,
    async () => {
      const job = await client.createJob('soak-stream');
      knownJobs.add(job.job_id);
      try {
        const text = await (await client.chatStream(job.job_id, params)).text();
        await client.completeJob(job.job_id, 'completed');
        return text;
      } catch (error) {
        // A failed stream completed the job itself (or says on completionError that it could not).
        noteCompletionFailure(job.job_id, error);
        throw error;
      }
    },
  ],
  [
    3,
    async () => {
      let jobId: string | undefined;
      try {
        return await client.withJob('soak-with-job', async (job) => {
          jobId = job.job_id;
          knownJobs.add(job.job_id);
          return (await job.chatStream(params)).text();
        });
      } catch (error) {
        if (jobId !== undefined) noteCompletionFailure(jobId, error);
        throw error;
      }
    },
  ],
];

let seed = SEED;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const tasks: Array<[number, () => Promise<unknown>]> = [];
for (let index = 0; index < CALLS; index += 1) tasks.push(CALL_TASKS[Math.floor(random() * CALL_TASKS.length)] as [number, () => Promise<unknown>]);
for (let index = 0; index < STREAMS; index += 1) tasks.push(STREAM_TASKS[index % 2] as [number, () => Promise<unknown>]);
tasks.sort(() => random() - 0.5);

async function run(task: [number, () => Promise<unknown>]): Promise<void> {
  const [calls, work] = task;
  const startedAt = performance.now();
  try {
    await work();
    outcomes.ok += 1;
  } catch (error) {
    if (isSaaSLLMError(error)) {
      outcomes.sdkErrors += 1;
      outcomes.byCode[error.code] = (outcomes.byCode[error.code] ?? 0) + 1;
    } else outcomes.nonSdkErrors += 1;
  }
  if (performance.now() - startedAt > calls * (DEADLINE_MS + 1_000)) outcomes.overBound += 1;
}

async function settle(): Promise<number> {
  for (let pass = 0; pass < 3; pass += 1) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return process.memoryUsage().heapUsed;
}

// Warm up every path (and every endpoint's metrics, and the JIT) before measuring the heap, at the run's
// concurrency: the connection pool then holds its IN_FLIGHT sockets before the baseline, not after it.
// 300 tasks, so that the paths only a fault takes (the lookups after a lost answer) are compiled before
// the baseline too: with 100, their code counted as growth (Node 22: 9.6–10.2%; a 6,000-task run ends
// below its start, so it was not a leak).
const warmUp = Array.from({ length: 60 }, () => [...CALL_TASKS, ...STREAM_TASKS]).flat();
await Promise.all(
  Array.from({ length: IN_FLIGHT }, async () => {
    for (let task = warmUp.pop(); task !== undefined; task = warmUp.pop()) await run(task);
  }),
);
Object.assign(outcomes, { ok: 0, sdkErrors: 0, nonSdkErrors: 0, overBound: 0, byCode: {} });
const heapStart = await settle();
const startedAt = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: IN_FLIGHT }, async () => {
    while (next < tasks.length) {
      const task = tasks[next] as [number, () => Promise<unknown>];
      next += 1;
      if (next % 2_000 === 0) gc?.();
      await run(task);
    }
  }),
);
const seconds = (performance.now() - startedAt) / 1000;
client.close();

/** The server's view, reduced to figures so that its per-job records are not held while the heap is measured. */
async function serverFigures() {
  const stats = await new Promise<{ requests: number; faulted: number; statuses: Record<string, string | undefined>; completions: Record<string, string[]> }>((resolve) => {
    child.once('message', (message) => resolve(message as never));
    child.send({ stats: [...knownJobs] });
  });
  const open = [...knownJobs].filter((jobId) => stats.statuses[jobId] !== 'COMPLETED' && stats.statuses[jobId] !== 'FAILED');
  return {
    requests: stats.requests,
    faulted: stats.faulted,
    openUnreported: open.filter((jobId) => !reported.has(jobId)).length,
    openReported: open.filter((jobId) => reported.has(jobId)).length,
    conflicting: [...knownJobs].filter((jobId) => new Set(stats.completions[jobId] ?? []).size > 1).length,
  };
}
const server = await serverFigures();
child.disconnect();
await new Promise((resolve) => child.once('exit', resolve));
// The child's handle is released on the turn after its exit.
await new Promise((resolve) => setTimeout(resolve, 10));

const jobsKnown = knownJobs.size;
// The harness's own records go before the heap is measured; the SDK's stay.
const taskCount = tasks.length;
knownJobs.clear();
reported.clear();
tasks.length = 0;
const heapEnd = await settle();
const { total } = client.metrics();
const refusedLocally = (total.errorsByCode.circuit_open ?? 0) + (total.errorsByCode.invalid_request ?? 0);
const sent = total.requests + total.retries - refusedLocally;
const handles = process.getActiveResourcesInfo().filter((resource) => resource !== 'TTYWrap' && resource !== 'PipeWrap');
/** The SDK's bounded state that grows until full: the completion registry (≤ 10,000 job ids, ~110 B each). */
const boundedAllowance = Math.min(jobsKnown, 10_000) * 110;
const heapGrowth = (heapEnd - boundedAllowance) / heapStart - 1;

const figures = {
  tasks: taskCount,
  calls: CALLS,
  streams: STREAMS,
  faultRate: RATE,
  seconds: Number(seconds.toFixed(1)),
  ok: outcomes.ok,
  sdkErrors: outcomes.sdkErrors,
  errorsByCode: outcomes.byCode,
  nonSdkErrors: outcomes.nonSdkErrors,
  unhandled,
  overBound: outcomes.overBound,
  jobsKnown,
  jobsLeftOpen: server.openUnreported,
  jobsOpenWithCompletionFailureReported: server.openReported,
  jobsCompletedTwoWays: server.conflicting,
  serverRequests: server.requests,
  serverFaulted: server.faulted,
  clientSentByMetrics: sent,
  heapStartMB: Number((heapStart / 2 ** 20).toFixed(1)),
  heapEndMB: Number((heapEnd / 2 ** 20).toFixed(1)),
  completionRegistryAllowanceMB: Number((boundedAllowance / 2 ** 20).toFixed(2)),
  heapGrowthPercent: Number((heapGrowth * 100).toFixed(1)),
  handlesLeft: handles,
};
const failures = [
  unhandled > 0 && 'unhandled rejections or exceptions',
  outcomes.nonSdkErrors > 0 && 'rejections that are not SDK errors',
  outcomes.overBound > 0 && 'tasks over their bound',
  server.openUnreported > 0 && 'jobs left open without a reported completion failure',
  server.conflicting > 0 && 'jobs completed with two statuses',
  sent !== server.requests && 'metrics disagree with the server',
  heapGrowth > 0.1 && 'heap grew more than 10%',
  handles.length > 0 && 'handles left open',
].filter(Boolean);

console.log(JSON.stringify({ ...figures, failures }));
if (REPORT !== '') writeSoakSection(REPORT, figures, failures as string[]);
process.exitCode = failures.length === 0 ? 0 : 1;
// Nothing else: with every handle closed the process ends by itself (the caller times it).

function writeSoakSection(file: string, values: typeof figures, failed: string[]): void {
  const START = '<!-- soak:start -->';
  const END = '<!-- soak:end -->';
  const rows = Object.entries(values).map(([name, value]) => `| ${name} | ${typeof value === 'object' ? JSON.stringify(value) : value} |`);
  const section = [START, `Run ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, seed ${SEED}: **${failed.length === 0 ? 'pass' : `fail (${failed.join(', ')})`}**.`, '', '| figure | value |', '|---|---|', ...rows, END].join('\n');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  writeFileSync(file, start >= 0 && end > start ? `${current.slice(0, start)}${section}${current.slice(end + END.length)}` : `${current}\n${section}\n`);
}
