/**
 * A fleet of three worker processes sharing one Redis: the API goes down, one worker's failures open
 * the breaker of all three, and the other two send nothing; a job completed by one cannot be completed
 * again by another.
 *
 *   npm run example -- fleet     # REDIS_URL=redis://… to use your Redis
 *
 * Without REDIS_URL it starts Debian's `redis-server` on a free port; the API is the emulator on a port.
 */
import { createEmulator, serverErrors, TEST_TEAM_ID, TEST_VIRTUAL_KEY } from 'saas-litellm/testing';
import { startEmulatorServer } from 'saas-litellm/testing/server';
import { startWorker, type Answer } from './fleet.ts';
import { redisForExample } from './redis.ts';

const redis = await redisForExample();
const emulator = createEmulator();
const api = await startEmulatorServer(emulator);
const env = { REDIS_URL: redis.url, SAAS_LITELLM_API_URL: api.url, SAAS_LITELLM_TEAM_ID: TEST_TEAM_ID, SAAS_LITELLM_VIRTUAL_KEY: TEST_VIRTUAL_KEY, FLEET_PREFIX: `fleet-example-${process.pid}` };
const workers = await Promise.all([1, 2, 3].map(() => startWorker(env)));
const show = (answer: Answer) => (answer.ok ? String(answer.value) : `${answer.error?.name}: ${answer.error?.message}`);

try {
  console.log(`API on ${api.url}, Redis on ${redis.url}, 3 workers.`);
  for (const [index, worker] of workers.entries()) console.log(`worker ${index + 1}: balance ${show(await worker.ask('balance'))}`);
  const job = await workers[0]!.ask('createJob');

  console.log('\nThe API goes down (503 on every request).');
  emulator.use(serverErrors({ status: 503 }));
  for (let call = 1; call <= 3; call += 1) console.log(`worker 1, call ${call}: ${show(await workers[0]!.ask('balance'))}`);
  const before = emulator.requests.length;
  for (const index of [1, 2]) console.log(`worker ${index + 1}: ${show(await workers[index]!.ask('balance'))}`);
  console.log(`The API saw ${emulator.requests.length - before} requests from workers 2 and 3. Breakers: ${(await Promise.all(workers.map((worker) => worker.ask('state')))).map(show).join(', ')}.`);

  console.log('\nThe API is back. A job completed by worker 1 (completions pass even an open breaker), then by worker 2:');
  emulator.clearFaults();
  console.log(`worker 1 completes ${String(job.value)}: ${show(await workers[0]!.ask('complete', { jobId: job.value }))}`);
  console.log(`worker 2 completes it again: ${show(await workers[1]!.ask('complete', { jobId: job.value, status: 'failed' }))}`);
} finally {
  await Promise.all(workers.map((worker) => worker.stop()));
  await api.close();
  redis.stop();
}
