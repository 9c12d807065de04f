/**
 * The chaos suite: every socket-level fault of issue #11 × chat, createJob, chatStream and
 * createAndCallStream, over real sockets on 127.0.0.1. For each: the typed error, the requests the
 * target route saw, settled within its bound, partial text kept, the job's `/complete` calls.
 * `npm run chaos` writes the table of results into docs/reliability.md.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { SaaSLLMClient, SaaSLLMError } from '../../src/index.js';
import { createEmulator, TEST_TEAM_ID, TEST_VIRTUAL_KEY } from '../../src/testing/index.js';
import { FAULTS, startChaosServer } from './chaos-server.js';
import { writeChaosTable, type ChaosRow } from '../reliability-report.js';

const METHODS = {
  createJob: { target: /^\/api\/jobs\/create$/, stream: false },
  chat: { target: /\/llm-call$/, stream: false },
  chatStream: { target: /\/llm-call-stream$/, stream: true },
  createAndCallStream: { target: /\/create-and-call-stream$/, stream: true },
} as const;
type Method = keyof typeof METHODS;

/** The attempt timeout where the fault is a stall: only a timeout ends it. */
const STALL_TIMEOUT_MS = 800;
/**
 * Every other fault ends by itself; its timeout is far beyond what it needs on a loaded machine (reading a
 * 12 MB body under an 800 ms timeout ended in TimeoutError on a busy 2-core CI machine).
 */
const TIMEOUT_MS = 30_000;
const IDLE_MS = 400;
const RETRIES = 2;
/** Settled within this, or it hung: three times the attempts and waits a stall needs, plus 5 s. */
const STALL_BOUND_MS = 3 * ((RETRIES + 1) * STALL_TIMEOUT_MS + 1_000) + 5_000;
const stalls = (faultName: string) => (EXPECTED[faultName] as [string, string]).includes('TimeoutError');

/** What each fault must give, for the JSON methods and for the stream methods. */
const EXPECTED: Record<string, [json: string, stream: string]> = {
  'connection refused': ['ConnectionError', 'ConnectionError'],
  'reset before headers': ['ConnectionError', 'ConnectionError'],
  'reset mid-body': ['ConnectionError', 'StreamInterruptedError'],
  'half-written JSON': ['ConnectionError', 'ConnectionError'],
  'chunked cut mid-chunk': ['ConnectionError', 'StreamInterruptedError'],
  'headers never come': ['TimeoutError', 'TimeoutError'],
  'body stalls': ['TimeoutError', 'TimeoutError'],
  'body trickles 1 byte / 500 ms': ['TimeoutError', 'TimeoutError'],
  'SSE cut after 3 events': ['ConnectionError', 'StreamInterruptedError'],
  'SSE clean EOF before the end': ['ResponseValidationError', 'StreamInterruptedError'],
  'SSE stalls': ['TimeoutError', 'TimeoutError'],
  'SSE error frame': ['ResponseValidationError', 'StreamError'],
  '200 text/html': ['ResponseValidationError', 'ResponseValidationError'],
  '200 event stream as application/json': ['ResponseValidationError', 'ResponseValidationError'],
  '12 MB body': ['ResponseTooLargeError', 'ResponseTooLargeError'],
  'invalid UTF-8': ['ok', 'ok'],
  'gzip-declared garbage': ['ConnectionError', 'StreamInterruptedError'],
  '429 with Retry-After': ['RateLimitError', 'RateLimitError'],
  '503 storm': ['ServiceUnavailableError', 'ServiceUnavailableError'],
  'server echoes Authorization': ['BadRequestError', 'StreamError'],
};

const rows: ChaosRow[] = [];
afterAll(() => {
  if (process.env.RELIABILITY_REPORT) writeChaosTable(process.env.RELIABILITY_REPORT, rows);
});

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function runCase(faultName: string, method: Method): Promise<ChaosRow> {
  const { target } = METHODS[method];
  const refused = faultName === 'connection refused';
  const emulator = createEmulator({ jobStreamRoute: 'fixed' });
  const fault = FAULTS[faultName];
  const server = await startChaosServer(emulator, (path) => (target.test(path) ? fault : undefined));
  const deadPort = refused ? await closedPort() : 0;
  let refusedHits = 0;
  // Connection refused on the target route only: the client's fetch sends it to a port nobody listens on.
  const fetchVia = (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    if (refused && target.test(new URL(url).pathname)) {
      refusedHits += 1;
      return fetch(url.replace(server.url, `http://127.0.0.1:${deadPort}`), init);
    }
    return fetch(url, init);
  };
  const timeout = stalls(faultName) ? STALL_TIMEOUT_MS : TIMEOUT_MS;
  const client = new SaaSLLMClient({
    baseUrl: server.url,
    teamId: TEST_TEAM_ID,
    virtualKey: TEST_VIRTUAL_KEY,
    fetch: fetchVia,
    retry: { maxRetries: RETRIES, baseDelayMs: 10, maxDelayMs: 100, jitter: 0 },
    timeouts: { default: timeout, create: timeout, llmCall: timeout, stream: timeout * 3, streamIdle: stalls(faultName) ? IDLE_MS : TIMEOUT_MS },
  });
  const params = { model: 'sdk-chat', messages: [{ role: 'user', content: 'Say hello' }] };
  const startedAt = performance.now();
  let outcome: unknown = 'ok';
  let partial: string | undefined;
  try {
    const jobId = method === 'chat' || method === 'chatStream' ? (await client.createJob('chaos')).job_id : undefined;
    if (method === 'createJob') await client.createJob('chaos');
    if (method === 'chat') await client.chat(jobId as string, params);
    if (method === 'chatStream') partial = await (await client.chatStream(jobId as string, params)).text();
    if (method === 'createAndCallStream') partial = await (await client.createAndCallStream({ ...params, job_type: 'chaos' })).text();
  } catch (error) {
    outcome = error;
    partial = (error as { partialContent?: string }).partialContent;
  } finally {
    client.close();
    await server.close();
  }
  const settledMs = Math.round(performance.now() - startedAt);
  return {
    fault: faultName,
    method,
    outcome: outcome === 'ok' ? 'ok' : outcome instanceof SaaSLLMError ? outcome.name : `RAW ${String(outcome)}`,
    error: outcome instanceof SaaSLLMError ? outcome : undefined,
    requests: refused ? refusedHits : server.faulted(),
    settledMs,
    partial: partial ?? '',
    completions: server.completions.map((completion) => completion.status),
  };
}

describe('chaos: socket faults × methods over real sockets', () => {
  for (const faultName of Object.keys(EXPECTED)) {
    it(faultName, async () => {
      const results = await Promise.all((Object.keys(METHODS) as Method[]).map((method) => runCase(faultName, method)));
      rows.push(...results);
      for (const row of results) {
        const [json, stream] = EXPECTED[faultName] as [string, string];
        const expected = METHODS[row.method as Method].stream ? stream : json;
        const where = `${faultName} × ${row.method}`;
        expect(row.outcome, where).toBe(expected);
        // A fault that ends by itself is bounded by the test's own timeout; a stall by its timeouts.
        if (stalls(faultName)) expect(row.settledMs, where).toBeLessThan(STALL_BOUND_MS);
        expect(row.requests, where).toBeGreaterThanOrEqual(1);
        if (row.error) {
          expect(JSON.stringify(row.error), where).not.toContain(TEST_VIRTUAL_KEY);
          expect(inspect(row.error, { depth: 6 }), where).not.toContain(TEST_VIRTUAL_KEY);
        }
        // A per-job stream that failed completes its job `failed` exactly once; nothing else completes.
        const failedJobStream = row.method === 'chatStream' && row.outcome !== 'ok';
        expect(row.completions, where).toEqual(failedJobStream ? ['failed'] : []);
      }
      const streamed = results.filter((row) => METHODS[row.method as Method].stream && row.outcome !== 'ok');
      if (/SSE cut|SSE clean EOF|SSE stalls|SSE error frame|reset mid-body/.test(faultName)) {
        for (const row of streamed) expect(row.partial, `${faultName} × ${row.method}: partial text kept`).not.toBe('');
      }
    }, 60_000);
  }
});
