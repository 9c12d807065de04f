/**
 * The built package as a user gets it: `npm pack`, install the tarball in a scratch folder, then both
 * `import` and `require` it with the Node that runs this test.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
let scratch: string;

function node(file: string): string {
  return execFileSync(process.execPath, [file], { cwd: scratch, encoding: 'utf8' }).trim();
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'saas-litellm-pack-'));
  execFileSync('npm', ['pack', '--pack-destination', scratch], { cwd: root, stdio: 'pipe' });
  const tarball = readdirSync(scratch).find((file) => file.endsWith('.tgz'));
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', `./${tarball}`], { cwd: scratch, stdio: 'pipe' });
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const SCRIPT = (load: string) => `
${load}
const emulator = testing.createEmulator();
const client = new sdk.SaaSLLMClient({ baseUrl: testing.TEST_BASE_URL, teamId: testing.TEST_TEAM_ID, virtualKey: testing.TEST_VIRTUAL_KEY, fetch: emulator.fetch });
const job = await client.createJob('pack');
const done = await client.completeJob(job.job_id, 'completed');
const stream = await client.createAndCallStream({ job_type: 'pack', model: 'sdk-claude', messages: [{ role: 'user', content: 'hi' }] });
const text = await stream.text();
console.log(JSON.stringify({ status: done.status, text, isError: new sdk.NotFoundError('x', { status: 404, detail: undefined, issues: undefined, body: '', headers: new Headers(), retryable: false, sendState: 'refused' }) instanceof sdk.SaaSLLMError }));
`;

describe('the packed package', () => {
  it('stays alive through a retry wait and exits as soon as the work is done', () => {
    writeFileSync(
      join(scratch, 'retry.mjs'),
      `import { SaaSLLMClient } from 'saas-litellm';
import { createEmulator, rateLimited, TEST_BASE_URL, TEST_TEAM_ID, TEST_VIRTUAL_KEY } from 'saas-litellm/testing';
const emulator = createEmulator({ faults: [rateLimited({ times: 1, retryAfterMs: 300 })] });
const client = new SaaSLLMClient({ baseUrl: TEST_BASE_URL, teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY, fetch: emulator.fetch });
const balance = await client.getCreditBalance();
console.log(JSON.stringify({ credits: balance.credits_remaining, requests: emulator.requests.length }));
`,
    );
    expect(JSON.parse(node('retry.mjs'))).toEqual({ credits: 100, requests: 2 });
  });

  it('only saas-litellm/ai-sdk needs the AI SDK: the other entries load without it, and no other file imports it', () => {
    writeFileSync(join(scratch, 'without-ai.mjs'), `import * as main from 'saas-litellm'; import * as stream from 'saas-litellm/stream';
let provider = 'loaded';
try { await import('saas-litellm/ai-sdk'); } catch (error) { provider = error.code + ' ' + /'(@ai-sdk\\/provider)'/.exec(error.message)?.[1]; }
console.log(JSON.stringify({ main: typeof main.SaaSLLMClient, stream: typeof stream.ChatStream, provider }));`);
    expect(JSON.parse(node('without-ai.mjs'))).toEqual({ main: 'function', stream: 'function', provider: 'ERR_MODULE_NOT_FOUND @ai-sdk/provider' });
    const dist = join(scratch, 'node_modules/saas-litellm/dist');
    const files = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((file) => /\.(c?js)$/.test(file) && !/(^|\/)ai-sdk(\/|\.js$)/.test(file));
    for (const file of files) expect(readFileSync(join(dist, file), 'utf8'), file).not.toMatch(/from ['"](?:@ai-sdk\/|ai['"])|require\(['"](?:@ai-sdk\/|ai['"])/);
  });

  it('ships dist, README, CHANGELOG and LICENSE, and nothing else', () => {
    const listing = execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: root, encoding: 'utf8' });
    const files: string[] = JSON.parse(listing)[0].files.map((file: { path: string }) => file.path);
    expect(files.every((file) => file.startsWith('dist/') || ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE'].includes(file))).toBe(true);
    for (const shipped of ['README.md', 'CHANGELOG.md', 'LICENSE', 'dist/index.cjs', 'dist/browser/index.js', 'dist/bin/saas-litellm-mock.js', 'dist/testing/msw.d.ts', 'dist/testing/server.d.cts']) {
      expect(files).toContain(shipped);
    }
    expect(files).toContain('dist/testing/index.d.ts');
  });

  it('is importable as ESM', () => {
    writeFileSync(join(scratch, 'esm.mjs'), SCRIPT("import * as sdk from 'saas-litellm'; import * as testing from 'saas-litellm/testing';"));
    expect(JSON.parse(node('esm.mjs'))).toEqual({ status: 'COMPLETED', text: 'Hello from the fake upstream. You said: hi', isError: true });
  });

  it('is requirable as CJS', () => {
    writeFileSync(
      join(scratch, 'cjs.cjs'),
      `(async () => {${SCRIPT("const sdk = require('saas-litellm'); const testing = require('saas-litellm/testing');")}})().catch((e) => { console.error(e); process.exit(1); });`,
    );
    expect(JSON.parse(node('cjs.cjs'))).toEqual({ status: 'COMPLETED', text: 'Hello from the fake upstream. You said: hi', isError: true });
  });

  it('saas-litellm/stream has the main entry\'s error classes: one instanceof serves both, in ESM and in CJS', () => {
    const check = `
      const cut = new main.StreamInterruptedError('cut', { partialContent: 'Hel', chunkCount: 1, operation: 'chat' });
      console.log(JSON.stringify({
        same: stream.StreamInterruptedError === main.StreamInterruptedError,
        instance: cut instanceof stream.StreamInterruptedError && cut instanceof stream.SaaSLLMError && stream.isSaaSLLMError(cut),
        noClient: !('SaaSLLMClient' in stream),
      }));`;
    writeFileSync(join(scratch, 'stream.mjs'), `import * as main from 'saas-litellm'; import * as stream from 'saas-litellm/stream';${check}`);
    expect(JSON.parse(node('stream.mjs'))).toEqual({ same: true, instance: true, noClient: true });
    writeFileSync(join(scratch, 'stream.cjs'), `const main = require('saas-litellm'); const stream = require('saas-litellm/stream');${check}`);
    // CommonJS entries are whole (each its own copy of the classes): the registered names make instanceof work.
    expect(JSON.parse(node('stream.cjs'))).toMatchObject({ instance: true, noClient: true });
  });

  it('exports what users use, and no internal of the pipeline', () => {
    writeFileSync(join(scratch, 'exports.mjs'), "import * as sdk from 'saas-litellm'; console.log(JSON.stringify(Object.keys(sdk)));");
    const names: string[] = JSON.parse(node('exports.mjs'));
    expect(names).toContain('SaaSLLMClient');
    expect(names).toContain('ChatStream');
    for (const internal of ['LatencyHistogram', 'PROMETHEUS_BUCKETS_SECONDS', 'errorFromResponse', 'Observer', 'Pipeline', 'ENDPOINTS']) expect(names).not.toContain(internal);
    // The entries' declarations and the chunks they share (ChatStream's is shared with saas-litellm/stream).
    const dist = join(scratch, 'node_modules/saas-litellm/dist');
    const declarations = readdirSync(dist)
      .filter((file) => file.endsWith('.d.ts'))
      .map((file) => readFileSync(join(dist, file), 'utf8'))
      .join('\n');
    expect(declarations).not.toMatch(/\bclass Observer\b|ChatStreamInit|StreamSetup|ResponseErrorInput/);
    // A stream stands alone: built from a body and its settings, by anyone.
    expect(declarations).toMatch(/class ChatStream[^{]*\{[\s\S]*?\n {4}constructor\(body: ReadableStream<Uint8Array> \| Response, settings\?: ChatStreamSettings\);/);
  });
});
