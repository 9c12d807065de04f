/**
 * `npm run bench`: the SDK's overhead as ratios against raw fetch (and ky, the transport it wraps), in one
 * run on one machine, against the emulator on a loopback server. Rounds alternate between the contenders
 * so that noise from a shared machine hits them all alike; the median round is reported.
 */
import ky from 'ky';
import { SaaSLLMClient } from 'saas-litellm';
import { createEmulator, startEmulatorServer, TEST_TEAM_ID, TEST_VIRTUAL_KEY } from 'saas-litellm/testing';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CALLS = Number(process.env.BENCH_CALLS ?? 300);

const server = await startEmulatorServer(createEmulator());
const balanceUrl = `${server.url}/api/credits/teams/${TEST_TEAM_ID}/balance`;
const streamUrl = `${server.url}/api/jobs/create-and-call-stream`;
const headers = { authorization: `Bearer ${TEST_VIRTUAL_KEY}`, accept: 'application/json' };
const streamBody = { team_id: TEST_TEAM_ID, job_type: 'bench', model: 'sdk-chat', messages: [{ role: 'user', content: 'Stream a short greeting' }] };
const full = new SaaSLLMClient({ baseUrl: server.url, teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY });
const bare = new SaaSLLMClient({ baseUrl: server.url, teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY, retry: false, retryBudget: false, circuitBreaker: false });

const contenders: Record<string, Record<string, () => Promise<unknown>>> = {
  'GET balance': {
    'raw fetch': async () => (await fetch(balanceUrl, { headers })).json(),
    ky: () => ky.get(balanceUrl, { headers, retry: 0, timeout: false }).json(),
    'SDK (retry + breaker)': () => full.getCreditBalance(),
    'SDK (no policies)': () => bare.getCreditBalance(),
  },
  'stream (create-and-call-stream)': {
    'raw fetch': async () => (await fetch(streamUrl, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify(streamBody) })).text(),
    'SDK (retry + breaker)': async () => (await full.createAndCallStream(streamBody)).text(),
  },
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

for (const [scenario, runs] of Object.entries(contenders)) {
  const perCall: Record<string, number[]> = {};
  for (const run of Object.values(runs)) for (let call = 0; call < 50; call += 1) await run(); // warm up
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [name, run] of Object.entries(runs)) {
      const started = performance.now();
      for (let call = 0; call < CALLS; call += 1) await run();
      (perCall[name] ??= []).push(((performance.now() - started) * 1000) / CALLS);
    }
  }
  const baseline = median(perCall['raw fetch'] ?? [1]);
  console.log(`\n${scenario}: ${ROUNDS} rounds × ${CALLS} sequential calls, median round`);
  for (const [name, samples] of Object.entries(perCall)) {
    const us = median(samples);
    console.log(`  ${name.padEnd(24)} ${us.toFixed(0).padStart(6)} µs/call   ×${(us / baseline).toFixed(2)} raw fetch`);
  }
}

full.close();
await server.close();
