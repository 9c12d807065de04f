/**
 * The SDK in a real browser (Debian's Chromium, driven by playwright-core): bundled for the browser with
 * no polyfill, it streams over the page's fetch against the emulator on a loopback server.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, dropStreamAfter, TEST_TEAM_ID, TEST_VIRTUAL_KEY } from '../../src/testing/index.js';
import { startEmulatorServer, type EmulatorServer } from '../../src/testing/server.js';

const CHROMIUM = '/usr/bin/chromium';
const root = resolve(import.meta.dirname, '../..');
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium for this test.`);

// A clean early EOF, not a reset: when a connection dies, Chromium may drop bytes it had received but not
// yet handed to the page, so how much text survives a reset depends on its timing, not on the SDK.
const PAGE = '<!doctype html><meta charset="utf-8"><title>saas-litellm</title><script type="module" src="/bundle.js"></script>';

let browser: Browser | undefined;
let server: EmulatorServer | undefined;
const emulator = createEmulator({ jobStreamRoute: 'fixed', faults: [dropStreamAfter(3, { eof: true, path: /\/llm-call-stream$/ })] });

beforeAll(async () => {
  if (!available) return;
  // The browser build as a bundler makes it: any Node built-in left in the graph fails the build.
  const bundle = await build({
    stdin: {
      contents: "import * as sdk from './dist/index.js'; globalThis.sdk = sdk;",
      resolveDir: root,
      loader: 'js',
    },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  const code = bundle.outputFiles[0]?.text ?? '';
  emulator.use(async (request, next) => {
    const path = new URL(request.url).pathname;
    if (path === '/') return new Response(PAGE, { headers: { 'content-type': 'text/html; charset=utf-8' } });
    if (path === '/bundle.js') return new Response(code, { headers: { 'content-type': 'text/javascript' } });
    return next(request);
  });
  server = await startEmulatorServer(emulator);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.skipIf(!available)('in Chromium', () => {
  it('streams every provider shape, and a broken stream keeps its partial text and fails its job', async () => {
    const page = await browser!.newPage();
    await page.goto(`${server!.url}/`);
    await page.waitForFunction(() => 'sdk' in globalThis);
    const result = await page.evaluate(
      async ({ teamId, virtualKey }) => {
        const { SaaSLLMClient, StreamInterruptedError } = (globalThis as any).sdk;
        const client = new SaaSLLMClient({ baseUrl: location.origin, teamId, virtualKey, retry: false });
        const messages = [{ role: 'user', content: 'hi from the browser' }];
        const texts: Record<string, string> = {};
        for (const model of ['sdk-chat', 'sdk-claude', 'sdk-gemini']) {
          const stream = await client.createAndCallStream({ job_type: 'browser', model, messages });
          let text = '';
          for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
          texts[model] = text;
        }
        const job = await client.createJob('browser');
        const broken = await client.chatStream(job.job_id, { model: 'sdk-chat', messages });
        let failure: any;
        try {
          await broken.text();
        } catch (error) {
          failure = error;
        }
        return {
          texts,
          jobId: job.job_id,
          interrupted: failure instanceof StreamInterruptedError,
          partialContent: failure?.partialContent,
          chunkCount: failure?.chunkCount,
        };
      },
      { teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY },
    );
    const answer = 'Hello from the fake upstream. You said: hi from the browser';
    expect(result.texts).toEqual({ 'sdk-chat': answer, 'sdk-claude': answer, 'sdk-gemini': answer });
    expect(result).toMatchObject({ interrupted: true, partialContent: 'Hello from ', chunkCount: 3 });
    expect(emulator.job(result.jobId)?.status).toBe('FAILED');
    await page.close();
  });
});

describe.skipIf(!available)('examples/browser-chat in Chromium', () => {
  it('renders a relayed answer token by token, and keeps the partial answer when the relay is cut', async () => {
    const { startBrowserChat } = await import('../../examples/browser-chat/server.ts');
    const example = await startBrowserChat();
    try {
      const page = await browser!.newPage();
      const read = async (query: string) => {
        await page.goto(`${example.url}/${query}`);
        await page.waitForSelector('#status[data-done="true"]');
        return { answer: await page.textContent('#answer'), status: await page.textContent('#status') };
      };
      const whole = await read('?q=hello%20relay');
      expect(whole.answer).toBe('Hello from the fake upstream. You said: hello relay');
      expect(whole.status).toMatch(/^done: (\d+) updates, finish stop$/);
      expect(Number(/done: (\d+)/.exec(whole.status ?? '')?.[1])).toBeGreaterThan(5);
      const cut = await read('?q=hello%20relay&cut=1');
      expect(cut.status).toMatch(/^failed: StreamInterruptedError/);
      expect(cut.answer?.length).toBeGreaterThan(0);
      expect(whole.answer?.startsWith(cut.answer ?? 'x')).toBe(true);
      await page.close();
    } finally {
      await example.close();
    }
  });
});
