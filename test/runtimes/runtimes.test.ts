/**
 * The runtime matrix: one scenario (test/runtimes/scenario.js: a job and a call, a stream iterated, a wrong
 * key, a stream cut by the server, an abort mid-stream, the emulator as the fetch) against two
 * `saas-litellm-mock` servers on 127.0.0.1 (one cuts every stream after 3 frames), in each runtime users
 * run: Node, Deno (network permission only), Bun, Vercel's edge-runtime, and workerd through miniflare with
 * and without `nodejs_compat` — there with the client built at module scope and per request, and a relay
 * route. Each runtime comes from npm at a pinned version (package.json).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ChatStream, SaaSLLMClient, StreamError } from '../../dist/index.js';
import { TEST_TEAM_ID, TEST_VIRTUAL_KEY } from '../../dist/testing/index.js';
import { uiMessageText } from '../ui-message-text.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const require = createRequire(import.meta.url);
const bin = (name: string) => fileURLToPath(new URL(`../../node_modules/.bin/${name}`, import.meta.url));

const CHECKS = [
  'createJob + chat + completeJob',
  'chatStream iterated',
  'a wrong key is AuthenticationError',
  'a stream cut by the server: StreamInterruptedError, partial text, job FAILED',
  'abort mid-stream: RequestAbortedError',
  'createEmulator() as the fetch',
];

/** The newest date the pinned workerd supports is 2026-05-03. */
const COMPATIBILITY_DATE = '2026-04-01';
const settings = (url: string) => ({ SAAS_LITELLM_API_URL: url, SAAS_LITELLM_TEAM_ID: TEST_TEAM_ID, SAAS_LITELLM_VIRTUAL_KEY: TEST_VIRTUAL_KEY });
const question = { method: 'POST', body: JSON.stringify({ question: 'Say hello' }), headers: { 'content-type': 'application/json' } };

/** A relayed answer read back as a page would: its text, or the relayed error. */
async function readRelay(body: ReadableStream<Uint8Array> | null): Promise<string> {
  return ChatStream.fromEventStream(body as ReadableStream<Uint8Array>).text();
}

const mocks: ChildProcess[] = [];
let baseUrl = '';
let cutUrl = '';

/** Start `saas-litellm-mock` on a free port; resolves with its URL once it listens. */
function startMock(args: string[]): Promise<string> {
  const child = spawn(process.execPath, [here('../../dist/bin/saas-litellm-mock.js'), '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  mocks.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (data: Buffer) => {
      output += data.toString();
      const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url !== undefined) resolve(url);
    });
    child.once('exit', (code) => reject(new Error(`saas-litellm-mock exited (${code}): ${output}`)));
  });
}

/** Run a command; resolves with its stdout once it exits by itself (a hang fails the test's timeout). */
function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DENO_NO_UPDATE_CHECK: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function expectAllPassed(results: Record<string, string>): void {
  expect(Object.keys(results)).toEqual(CHECKS);
  for (const [check, outcome] of Object.entries(results)) expect(outcome, check).toMatch(/^ok/);
}

/** `entry` (a file next to this one, or source code) bundled as a runtime's bundler would. */
async function bundle(entry: string | { contents: string }, format: 'esm' | 'iife', conditions: string[]): Promise<string> {
  const output = await build({
    ...(typeof entry === 'string' ? { entryPoints: [here(entry)] } : { stdin: { contents: entry.contents, resolveDir: root, loader: 'ts' as const } }),
    bundle: true,
    write: false,
    format,
    platform: 'browser',
    conditions,
    define: { BASE_URL: JSON.stringify(baseUrl), CUT_URL: JSON.stringify(cutUrl) },
    absWorkingDir: root,
    logLevel: 'error',
  });
  return output.outputFiles[0]?.text ?? '';
}

beforeAll(async () => {
  // The scenario streams inside a job: the per-job route as it will stream once the server is fixed.
  [baseUrl, cutUrl] = await Promise.all([startMock(['--job-stream', 'fixed']), startMock(['--job-stream', 'fixed', '--fault', 'dropStreamAfter:3'])]);
});

afterAll(() => {
  for (const child of mocks) child.kill();
});

describe('the runtime matrix', () => {
  it.each([
    ['Node', process.execPath, ['--no-warnings']],
    // Network only: no --allow-env (the client reads none it cannot), no --allow-read.
    ['Deno', bin('deno'), ['run', '--allow-net', '--quiet']],
    ['Bun', bin('bun'), ['run']],
  ])('%s runs the scenario and exits by itself', async (_name, command, args) => {
    const { code, stdout, stderr } = await run(command, [...args, here('./cli.js'), baseUrl, cutUrl]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expectAllPassed(JSON.parse(stdout.trim().split('\n').at(-1) as string));
  });

  it("Vercel's edge-runtime (no AbortSignal.any, timers without unref)", async () => {
    const { EdgeRuntime } = require('edge-runtime') as typeof import('edge-runtime');
    const runtime = new EdgeRuntime({ initialCode: await bundle('./bundle-entry.js', 'iife', ['edge-light', 'worker', 'browser']) });
    expect(runtime.evaluate('typeof AbortSignal.any')).toBe('undefined');
    expectAllPassed(await runtime.evaluate<Promise<Record<string, string>>>(`runScenario(${JSON.stringify(baseUrl)}, ${JSON.stringify(cutUrl)})`));
  });

  it.each([
    ['without nodejs_compat', []],
    ['with nodejs_compat', ['nodejs_compat']],
  ])('workerd (miniflare) %s: a client at module scope and per request, its breaker probed again after the reset time, and a relay route', async (_name, compatibilityFlags) => {
    const { Miniflare } = await import('miniflare');
    const script = await bundle('./worker-entry.js', 'esm', ['workerd', 'worker', 'browser']);
    const worker = new Miniflare({ modules: true, script, compatibilityDate: COMPATIBILITY_DATE, compatibilityFlags });
    try {
      for (const client of ['module', 'per-request']) {
        const response = await worker.dispatchFetch(`http://worker.test/scenario?client=${client}`);
        expect(response.status).toBe(200);
        expectAllPassed((await response.json()) as Record<string, string>);
      }
      // An open breaker at module scope is probed again once its reset time is over, though the timer
      // opossum set for it died with the request that opened it (each request here is a new one).
      const first = (await (await worker.dispatchFetch('http://worker.test/breaker')).json()) as { before: string; outcome: string };
      expect(first).toEqual({ before: 'closed', outcome: 'ConnectionError' });
      let probed: { before: string; outcome: string } | undefined;
      for (let attempt = 0; attempt < 100 && probed === undefined; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const next = (await (await worker.dispatchFetch('http://worker.test/breaker')).json()) as { before: string; outcome: string };
        if (next.outcome !== 'CircuitOpenError') probed = next;
      }
      expect(probed).toEqual({ before: 'halfOpen', outcome: 'ConnectionError' });
      const relay = await worker.dispatchFetch('http://worker.test/relay');
      expect(relay.headers.get('content-type')).toContain('text/event-stream');
      const text = await ChatStream.fromEventStream(relay.body as ReadableStream<Uint8Array>).text();
      expect(text.length).toBeGreaterThan(0);
    } finally {
      await worker.dispose();
    }
  });

  it('examples/worker relays a chat stream in workerd, and a cut answer ends in an error frame naming StreamInterruptedError, after its partial text', async () => {
    const { Miniflare } = await import('miniflare');
    const script = await bundle('../../examples/worker/worker.ts', 'esm', ['workerd', 'worker', 'browser']);
    for (const [url, cut] of [
      [baseUrl, false],
      [cutUrl, true],
    ] as const) {
      const worker = new Miniflare({ modules: true, script, compatibilityDate: COMPATIBILITY_DATE, bindings: settings(url) });
      try {
        const response = await worker.dispatchFetch('http://worker.test/chat', question);
        expect(response.headers.get('content-type')).toContain('text/event-stream');
        if (!cut) expect((await readRelay(response.body as ReadableStream<Uint8Array>)).length).toBeGreaterThan(0);
        else {
          const error = await readRelay(response.body as ReadableStream<Uint8Array>).then(() => undefined, (failure: unknown) => failure);
          // The relay's last frame names the upstream failure; the page keeps the partial answer.
          expect(error).toBeInstanceOf(StreamError);
          expect((error as StreamError).message).toContain('StreamInterruptedError');
          expect((error as StreamError).partialContent.length).toBeGreaterThan(0);
        }
      } finally {
        await worker.dispose();
      }
    }
  });

  it('examples/edge (a Vercel Edge route) relays a chat stream in edge-runtime', async () => {
    const { EdgeRuntime } = require('edge-runtime') as typeof import('edge-runtime');
    const code = await bundle({ contents: "import { POST } from './examples/edge/route.ts'; addEventListener('fetch', (event) => event.respondWith(POST(event.request)));" }, 'iife', ['edge-light', 'worker', 'browser']);
    const runtime = new EdgeRuntime({ initialCode: code, extend: (context) => Object.assign(context, { process: { env: settings(baseUrl) } }) });
    const response = await runtime.dispatchFetch('http://edge.test/api/chat', question);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect((await readRelay(response.body as ReadableStream<Uint8Array>)).length).toBeGreaterThan(0);
  });

  it("saas-litellm-mock's defaults are the emulator's: the per-job stream route fails as deployed, and the error says the ways around it; --help says what a count does", async () => {
    const asDeployed = await startMock([]);
    const client = new SaaSLLMClient({ baseUrl: asDeployed, teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY });
    try {
      const { job_id: jobId } = await client.createJob('as-deployed');
      const error = await (await client.chatStream(jobId, { model: 'sdk-chat', messages: [{ role: 'user', content: 'hi' }] })).text().catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(StreamError);
      expect((error as StreamError).message).toContain('use createAndCallStream, or chat inside the job');
    } finally {
      client.close();
    }
    const help = await run(process.execPath, [here('../../dist/bin/saas-litellm-mock.js'), '--help']);
    expect(help.stdout + help.stderr).toContain('on the first <arg> requests when');
    expect(help.stdout + help.stderr).toContain('default as-deployed');
  });

  it('saas-litellm/ai-sdk in workerd (examples/ai-sdk/worker.ts) and in edge-runtime: streamText answering a UI message stream, its job completed', async () => {
    const messages = [{ id: 'm1', role: 'user', parts: [{ type: 'text', text: 'Hello from the matrix' }] }];
    const chat = { method: 'POST', body: JSON.stringify({ messages }), headers: { 'content-type': 'application/json' } };
    const { Miniflare } = await import('miniflare');
    const worker = new Miniflare({ modules: true, script: await bundle('../../examples/ai-sdk/worker.ts', 'esm', ['workerd', 'worker', 'browser']), compatibilityDate: COMPATIBILITY_DATE, bindings: settings(baseUrl) });
    try {
      const response = await worker.dispatchFetch('http://worker.test/api/chat', chat);
      expect(response.status).toBe(200);
      expect(await uiMessageText(response as unknown as Response)).toBe('Hello from the fake upstream. You said: Hello from the matrix');
    } finally {
      await worker.dispose();
    }
    const { EdgeRuntime } = require('edge-runtime') as typeof import('edge-runtime');
    const code = await bundle({ contents: "import worker from './examples/ai-sdk/worker.ts'; addEventListener('fetch', (event) => event.respondWith(worker.fetch(event.request, process.env, { waitUntil: (promise) => event.waitUntil(promise) })));" }, 'iife', ['edge-light', 'worker', 'browser']);
    const runtime = new EdgeRuntime({ initialCode: code, extend: (context) => Object.assign(context, { process: { env: settings(baseUrl) } }) });
    const response = await runtime.dispatchFetch('http://edge.test/api/chat', chat);
    expect(response.status).toBe(200);
    expect(await uiMessageText(response as unknown as Response)).toBe('Hello from the fake upstream. You said: Hello from the matrix');
    // Each model call was a create-and-call job, completed by the server once its answer streamed.
    const client = new SaaSLLMClient({ baseUrl, teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY });
    await vi.waitFor(async () => {
      const turns = (await client.listJobs()).jobs.filter((job) => job.job_type === 'ai-sdk-chat');
      expect(turns.map((job) => job.status)).toEqual(['COMPLETED', 'COMPLETED']);
    }, { timeout: 10_000 });
    client.close();
  });
});
