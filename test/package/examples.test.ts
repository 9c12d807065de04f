/**
 * Every example runs, against the built package (examples import `saas-litellm` by name): the tour in
 * each of its three situations, the Node service, the structured-output script and the vitest + msw suite.
 * examples/chat-relay runs in front of examples/browser-chat's server.
 * examples/browser-chat runs in Chromium (browser.test.ts); examples/worker and examples/edge in the
 * runtime matrix (test/runtimes).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEmulator, TEST_TEAM_ID, TEST_VIRTUAL_KEY } from '../../src/testing/index.js';
import { startEmulatorServer, type EmulatorServer } from '../../src/testing/server.js';
import { REDIS_AVAILABLE } from '../fleet/redis-server.js';
import { uiMessageText } from '../ui-message-text.js';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const WITHOUT_SDK_VARIABLES = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SAAS_LITELLM_')));

/** Run `file` with `env`; resolves with its output and exit code (a failing exit does not throw). */
async function example(file: string, env: Record<string, string | undefined> = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--no-warnings', file], { cwd: root, env: { ...WITHOUT_SDK_VARIABLES, ...env }, timeout: 60_000 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

let server: EmulatorServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the tour (npm run tour)', () => {
  it('on the mock API: says why, and shows each part of the SDK', async () => {
    const { stdout, code } = await example('examples/tour.ts');
    expect(code).toBe(0);
    for (const line of [
      'Using the embedded mock API (saas-litellm/testing): none of SAAS_LITELLM_API_URL',
      'sdk-chat said: Hello from the fake upstream',
      'Streamed: Hello from the fake upstream. You said: Stream a short greeting',
      'InvalidRequestError: chat(): invalid input: `jobId` must be a UUID',
      'FAILED, error_message "Error: the work found the answer unusable"',
      '↻ getCreditBalance: attempt 1 failed (rate_limited); next attempt in 1.0 s',
      '… reading the balance: 1 s',
      'Balance: 100 credits, after 3 requests.',
      'call 2: CircuitOpenError (nothing sent',
      'StreamInterruptedError after 4 chunks; kept: "Hello from the "',
      'as FAILED: "Stream interrupted after 4 chunks',
      "'/api/jobs/{job_id}/llm-call'",
    ]) {
      expect(stdout).toContain(line);
    }
    // A short wait in milliseconds (it read "0.0 s"); the breaker's client in the metrics, with its errors.
    expect(stdout).toMatch(/next attempt in \d+ ms/);
    expect(stdout).toMatch(/'breaker'\s*│\s*'\/api\/credits\/teams\/\{team_id\}\/balance'\s*│\s*3\s*│\s*3\s*│/);
  });

  it('with only some SAAS_LITELLM_* variables set: names the missing ones and stops', async () => {
    const { stdout, stderr, code } = await example('examples/tour.ts', { SAAS_LITELLM_API_URL: 'http://127.0.0.1:8003' });
    expect(code).toBe(2);
    expect(stderr).toContain('SAAS_LITELLM_API_URL is set, but SAAS_LITELLM_TEAM_ID and SAAS_LITELLM_VIRTUAL_KEY are not.');
    expect(stdout).not.toContain('mock API');
  });

  it('against "your server" (the emulator on a port): picks the team\'s first model and runs', async () => {
    server = await startEmulatorServer(createEmulator());
    const { stdout, code } = await example('examples/tour.ts', { SAAS_LITELLM_API_URL: server.url, SAAS_LITELLM_TEAM_ID: TEST_TEAM_ID, SAAS_LITELLM_VIRTUAL_KEY: TEST_VIRTUAL_KEY });
    expect(code).toBe(0);
    expect(stdout).toContain(`Using your server at ${server.url} (team ${TEST_TEAM_ID})`);
    expect(stdout).toContain('SAAS_LITELLM_MODEL is not set: using sdk-chat, the first model alias team sdk-team may use.');
    expect(stdout).toContain('The next three parts need a failing server, so they run on the embedded mock API.');
  });

  it('against a server that is not there: a line for each wait, then an error naming the URL', async () => {
    const closed = await startEmulatorServer(createEmulator());
    await closed.close();
    const { stdout, stderr, code } = await example('examples/tour.ts', { SAAS_LITELLM_API_URL: closed.url, SAAS_LITELLM_TEAM_ID: 't', SAAS_LITELLM_VIRTUAL_KEY: 'sk-x', SAAS_LITELLM_MODEL: 'm' });
    expect(code).toBe(1);
    expect(stdout).toContain('↻ createJob: attempt 1 failed (connection_error); next attempt in');
    expect(stderr).toContain(`ConnectionError [connection_error]: createJob() POST /api/jobs/create failed: no response from ${closed.url} (ECONNREFUSED)`);
  });
});

describe('examples/node-service', () => {
  it('summarises inside a job and serves /metrics in Prometheus text', async () => {
    const { startNodeService } = await import('../../examples/node-service/server.ts');
    const service = await startNodeService();
    try {
      const created = await fetch(`${service.url}/summaries`, { method: 'POST', body: JSON.stringify({ text: 'The printer on floor 3 is on fire.' }) });
      expect(created.status).toBe(200);
      expect(await created.json()).toMatchObject({ summary: expect.stringContaining('The printer on floor 3 is on fire.') });
      expect((await fetch(`${service.url}/summaries`, { method: 'POST', body: '{}' })).status).toBe(400);
      const notJson = await fetch(`${service.url}/summaries`, { method: 'POST', body: 'text=hello' });
      expect(notJson.status).toBe(400);
      expect(await notJson.json()).toEqual({ error: 'the body must be JSON: { "text": "…" }' });
      const metrics = await (await fetch(`${service.url}/metrics`)).text();
      expect(metrics).toMatch(/saas_llm_requests_total\{[^}]*endpoint="\/api\/jobs\/\{job_id\}\/llm-call"[^}]*\} 1/);
    } finally {
      await service.close();
    }
  });
});

describe('examples/chat-relay', () => {
  it('passes a relayed answer on with saas-litellm/stream alone: whole, cut (partial kept, the cut named), or a 502 when the upstream is gone', async () => {
    const { startBrowserChat } = await import('../../examples/browser-chat/server.ts');
    const { startChatRelay } = await import('../../examples/chat-relay/relay.ts');
    const { ChatStream, StreamError } = await import('saas-litellm/stream');
    const upstream = await startBrowserChat({ model: 'sdk-chat' });
    const relay = await startChatRelay(upstream.url);
    const ask = (search = '') => fetch(`${relay.url}/chat${search}`, { method: 'POST', body: JSON.stringify({ question: 'Relay me' }) });
    try {
      const whole = await ask();
      expect(whole.status).toBe(200);
      expect(await ChatStream.fromEventStream(whole).text()).toContain('Hello from the fake upstream');

      const cut = ChatStream.fromEventStream(await ask('?cut=1'));
      const error = await cut.text().catch((thrown: unknown) => thrown);
      // The relay's own read was cut; it says so to its caller in a final error frame, partial answer kept.
      expect(error).toBeInstanceOf(StreamError);
      expect((error as InstanceType<typeof StreamError>).message).toContain('StreamInterruptedError');
      expect((error as InstanceType<typeof StreamError>).partialContent.length).toBeGreaterThan(0);
    } finally {
      await upstream.close();
    }
    try {
      const gone = await ask();
      expect(gone.status).toBe(502);
      expect(await gone.json()).toMatchObject({ error: { name: 'UpstreamUnreachable' } });
    } finally {
      await relay.close();
    }
  });
});


describe('examples/ai-sdk', () => {
  it('the Node route answers a UI message stream that useChat reads, on the route as deployed; its job completed', async () => {
    const { startAiSdkRoute } = await import('../../examples/ai-sdk/route.ts');
    const route = await startAiSdkRoute();
    try {
      const messages = [{ id: 'm1', role: 'user', parts: [{ type: 'text', text: 'Hello from useChat' }] }];
      const response = await fetch(`${route.url}/api/chat`, { method: 'POST', body: JSON.stringify({ messages }) });
      expect(response.status).toBe(200);
      expect(await uiMessageText(response)).toBe('Hello from the fake upstream. You said: Hello from useChat');
      // Completed once the answer has streamed (a moment after the last byte: wait for it, do not sleep).
      await vi.waitFor(async () => expect((await route.client.listJobs()).jobs).toMatchObject([{ job_type: 'ai-sdk-chat', status: 'COMPLETED' }]), { timeout: 10_000 });
      expect((await fetch(`${route.url}/api/chat`, { method: 'POST', body: '{}' })).status).toBe(400);
    } finally {
      await route.close();
    }
  });
});

describe('npm run example -- <name>', () => {
  it('lists the examples, runs one by name on this Node, and refuses an unknown name', async () => {
    const list = await run(process.execPath, ['--no-warnings', 'examples/run.ts'], { cwd: root }).catch((error: { stderr: string }) => error);
    for (const name of ['tour', 'node-service', 'browser-chat', 'chat-relay', 'ai-sdk', 'structured-output', 'fleet', 'vitest-msw']) expect(list.stderr).toContain(`  ${name}`);
    const { stdout } = await run(process.execPath, ['--no-warnings', 'examples/run.ts', 'structured-output'], { cwd: root, env: WITHOUT_SDK_VARIABLES });
    expect(stdout).toContain('ResponseValidationError');
    const unknown = await run(process.execPath, ['--no-warnings', 'examples/run.ts', 'nope'], { cwd: root }).then(() => undefined, (error: { code: number; stderr: string }) => error);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('No example "nope".') });
  });
});

describe('examples/structured-output.ts', () => {
  it('validates a classic and a zod/mini schema, and refuses an answer that does not match', async () => {
    const { stdout, code } = await example('examples/structured-output.ts');
    expect(code).toBe(0);
    expect(stdout).toContain('classic zod: urgent — Printer on fire');
    expect(stdout).toContain('zod/mini: Printer on fire');
    expect(stdout).toContain('ResponseValidationError: priority must be');
  });
});

describe.skipIf(!REDIS_AVAILABLE && process.env.CI !== 'true')('examples/fleet', () => {
  it('three worker processes: one sees the outage, all three breakers open, the others send nothing', async () => {
    const { stdout, code } = await example('examples/fleet/run.ts');
    expect(code).toBe(0);
    expect(stdout).toContain('The API saw 0 requests from workers 2 and 3. Breakers: open, open, open.');
    expect(stdout).toContain('worker 2 completes it again: InvalidRequestError');
  });
});

describe('examples/vitest-msw', () => {
  it("the user's suite passes: three tests on the emulator through msw", async () => {
    const output = join(mkdtempSync(join(tmpdir(), 'vitest-msw-')), 'report.json');
    await run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--root', 'examples/vitest-msw', '--reporter', 'json', '--outputFile', output], { cwd: root, env: WITHOUT_SDK_VARIABLES });
    const report = JSON.parse(readFileSync(output, 'utf8')) as { numPassedTests: number; numFailedTests: number };
    expect(report).toMatchObject({ numPassedTests: 3, numFailedTests: 0 });
  });
});
