/**
 * What shared state costs a call: sequential `chat` calls against the bench server, alternating a client
 * without `sharedState`, one with it on a loopback Redis, and one with it plus the shared rate limit.
 * Needs Debian's `redis-server` (started here on a free port) or REDIS_URL.
 *
 *   npm run build && node --no-warnings bench/fleet.ts [calls per round = 500] [rounds = 5]
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { SaaSLLMClient } from 'saas-litellm';
import { createRedisSharedState } from 'saas-litellm/redis';
import { redisForExample } from '../examples/fleet/redis.ts';

const [callsPerRound = 500, rounds = 5] = process.argv.slice(2).map(Number);


const server = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), { execArgv: ['--no-warnings'] });
const port = await new Promise<number>((resolve) => server.once('message', (message) => resolve((message as { port: number }).port)));
const redis = await redisForExample();
const connection = await createClient({ url: redis.url, disableOfflineQueue: true }).connect();
const base = { baseUrl: `http://127.0.0.1:${port}`, teamId: 'bench', virtualKey: 'sk-bench-0123456789abcdef' };
const sharedState = createRedisSharedState({ client: connection, keyPrefix: `bench-${process.pid}` });
const clients: Record<string, SaaSLLMClient> = {
  'no shared state': new SaaSLLMClient(base),
  sharedState: new SaaSLLMClient({ ...base, sharedState }),
  'sharedState + rateLimit': new SaaSLLMClient({ ...base, sharedState, rateLimit: { requestsPerSecond: 1_000_000 } }),
};
const JOB_ID = '00000000-0000-4000-8000-000000000000';
const params = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello to the bench' }], max_tokens: 32 };
const latencies: Record<string, number[]> = Object.fromEntries(Object.keys(clients).map((name) => [name, []]));

for (const client of Object.values(clients)) for (let call = 0; call < 200; call += 1) await client.chat(JOB_ID, params);
for (let round = 0; round < rounds; round += 1) {
  for (const [name, client] of Object.entries(clients)) {
    for (let call = 0; call < callsPerRound; call += 1) {
      const started = performance.now();
      await client.chat(JOB_ID, params);
      latencies[name]?.push(performance.now() - started);
    }
  }
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.floor(values.length * p)] as number;
const baseline = percentile(latencies['no shared state'] ?? [], 0.5);
console.log(`sequential chat calls, ${rounds} rounds of ${callsPerRound}, Redis on ${redis.url}`);
console.log('| client | p50 | p99 | p50 added |');
console.log('|---|---|---|---|');
for (const [name, values] of Object.entries(latencies)) {
  const p50 = percentile(values, 0.5);
  console.log(`| ${name} | ${(p50 * 1000).toFixed(0)} µs | ${(percentile(values, 0.99) * 1000).toFixed(0)} µs | ${((p50 - baseline) * 1000).toFixed(0)} µs |`);
}
for (const client of Object.values(clients)) client.close();
connection.destroy();
redis.stop();
server.disconnect();
