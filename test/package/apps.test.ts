/**
 * The packed tarball in the scratch apps a new user would make: one without msw (ESM, CommonJS, both
 * mixed, TypeScript with skipLibCheck off, a browser bundle of ./testing, the saas-litellm-mock bin),
 * one with msw 2 and one with msw 3 (a plain `npm install`, no --legacy-peer-deps).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
let scratch: string;
let tarball: string;

/** A scratch app with the tarball and `extra` packages installed; returns its folder. */
function app(name: string, extra: string[] = []): string {
  const folder = join(scratch, name);
  mkdirSync(folder);
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', tarball, ...extra], { cwd: folder, stdio: 'pipe' });
  return folder;
}

function run(folder: string, file: string, source: string): string {
  writeFileSync(join(folder, file), source);
  return execFileSync(process.execPath, [file], { cwd: folder, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

const JOB_AND_STREAM = `
const emulator = testing.createEmulator({ jobStreamRoute: 'fixed' });
const client = new sdk.SaaSLLMClient({ baseUrl: testing.TEST_BASE_URL, teamId: testing.TEST_TEAM_ID, virtualKey: testing.TEST_VIRTUAL_KEY, fetch: emulator.fetch });
const job = await client.createJob('app');
const stream = await client.chatStream(job.job_id, { model: 'sdk-chat', messages: [{ role: 'user', content: 'hi' }] });
const text = await stream.text();
await client.completeJob(job.job_id, 'completed');
console.log(JSON.stringify({ text, status: emulator.job(job.job_id).status }));
`;
const EXPECTED = { text: 'Hello from the fake upstream. You said: hi', status: 'COMPLETED' };

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'saas-litellm-apps-'));
  execFileSync('npm', ['pack', '--pack-destination', scratch], { cwd: root, stdio: 'pipe' });
  tarball = join(scratch, readdirSync(scratch).find((file) => file.endsWith('.tgz')) as string);
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('an app without msw', () => {
  let folder: string;
  beforeAll(() => {
    folder = app('no-msw');
  });

  it('imports and requires saas-litellm/testing and the loopback server', () => {
    expect(JSON.parse(run(folder, 'esm.mjs', `import * as sdk from 'saas-litellm'; import * as testing from 'saas-litellm/testing'; ${JOB_AND_STREAM}`))).toEqual(EXPECTED);
    expect(JSON.parse(run(folder, 'cjs.cjs', `const sdk = require('saas-litellm'); const testing = require('saas-litellm/testing'); (async () => { ${JOB_AND_STREAM} })();`))).toEqual(EXPECTED);
    const served = run(
      folder,
      'server.mjs',
      `import { createEmulator } from 'saas-litellm/testing'; import { startEmulatorServer } from 'saas-litellm/testing/server';
const server = await startEmulatorServer(createEmulator());
const health = await fetch(server.url + '/health').then((response) => response.status);
await server.close();
console.log(health);`,
    );
    expect(served).toBe('200');
  });

  it('says clearly that saas-litellm/testing/msw needs msw', () => {
    const error = (() => {
      try {
        run(folder, 'msw.mjs', "import 'saas-litellm/testing/msw';");
        return '';
      } catch (caught) {
        return String((caught as { stderr?: string }).stderr);
      }
    })();
    expect(error).toMatch(/Cannot find package 'msw'/);
  });

  it("recognises errors across the ESM and the CommonJS copy (instanceof, isSaaSLLMError)", () => {
    const out = run(
      folder,
      'mixed.mjs',
      `import { createRequire } from 'node:module';
import * as esm from 'saas-litellm';
import * as testing from 'saas-litellm/testing';
const cjs = createRequire(import.meta.url)('saas-litellm');
const emulator = testing.createEmulator({ faults: [testing.rateLimited()] });
const client = new cjs.SaaSLLMClient({ baseUrl: testing.TEST_BASE_URL, teamId: testing.TEST_TEAM_ID, virtualKey: testing.TEST_VIRTUAL_KEY, fetch: emulator.fetch, retry: false });
const thrown = await client.getCreditBalance().catch((error) => error);
let invalid; try { new cjs.SaaSLLMClient({ baseUrl: 'x', teamId: 't', virtualKey: 'k', retry: 5 }); } catch (error) { invalid = error; }
console.log(JSON.stringify({
  separateCopies: cjs.RateLimitError !== esm.RateLimitError,
  rateLimit: [thrown instanceof esm.RateLimitError, thrown instanceof esm.APIError, thrown instanceof esm.SaaSLLMError, esm.isSaaSLLMError(thrown), esm.isAPIError(thrown), thrown instanceof esm.ServerError],
  invalid: [invalid instanceof esm.InvalidRequestError, esm.isSaaSLLMError(invalid), invalid instanceof esm.APIError],
  reverse: new esm.InvalidRequestError('x', { issues: [] }) instanceof cjs.SaaSLLMError,
}));`,
    );
    expect(JSON.parse(out)).toEqual({ separateCopies: true, rateLimit: [true, true, true, true, true, false], invalid: [true, true, false], reverse: true });
  });

  it('type-checks with skipLibCheck off and no msw', () => {
    writeFileSync(
      join(folder, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], types: [], skipLibCheck: false, noEmit: true }, files: ['check.ts'] }),
    );
    writeFileSync(
      join(folder, 'check.ts'),
      `import { SaaSLLMClient, isSaaSLLMError } from 'saas-litellm';
import { createEmulator, rateLimited, TEST_BASE_URL, TEST_TEAM_ID, TEST_VIRTUAL_KEY } from 'saas-litellm/testing';
const emulator = createEmulator({ faults: [rateLimited({ rate: 0.1, seed: 1 })] });
const client = new SaaSLLMClient({ baseUrl: TEST_BASE_URL, teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY, fetch: emulator.fetch });
export const jobs: Promise<string> = client.createJob('typed').then((job) => job.job_id, (error: unknown) => (isSaaSLLMError(error) ? error.code : 'other'));
emulator.reset();
`,
    );
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    expect(() => execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: folder, encoding: 'utf8', stdio: 'pipe' })).not.toThrow();
  });

  it('bundles saas-litellm/testing for a browser, and the bundle runs', async () => {
    writeFileSync(join(folder, 'page.mjs'), `import * as sdk from 'saas-litellm'; import * as testing from 'saas-litellm/testing'; ${JOB_AND_STREAM}`);
    const result = await build({ entryPoints: [join(folder, 'page.mjs')], bundle: true, format: 'esm', platform: 'browser', write: false, metafile: true, logLevel: 'silent' });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.includes('saas-litellm/dist/testing'))).toBe(true);
    expect(inputs.some((input) => input.includes('saas-litellm/dist/browser/'))).toBe(true);
    expect(result.outputFiles[0]?.text).not.toMatch(/from\s*["']node:|require\(["']node:/);
    writeFileSync(join(folder, 'bundle.mjs'), result.outputFiles[0]?.text ?? '');
    expect(JSON.parse(execFileSync(process.execPath, ['bundle.mjs'], { cwd: folder, encoding: 'utf8' }))).toEqual(EXPECTED);
  });

  it('runs saas-litellm-mock: prints its URL, team and key, answers plain fetch, stops on SIGINT', async () => {
    const mock = spawn(join(folder, 'node_modules/.bin/saas-litellm-mock'), ['--port', '0', '--fault', 'rateLimited:1'], { cwd: folder, env: { ...process.env, PATH: `${resolve(process.execPath, '..')}:${process.env.PATH}` } });
    try {
      const lines = createInterface({ input: mock.stdout });
      const printed: string[] = [];
      for await (const line of lines) {
        printed.push(line);
        if (line.startsWith('Ctrl-C')) break;
      }
      const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(printed[0] ?? '')?.[1] as string;
      const key = /virtual key: (\S+)/.exec(printed.join('\n'))?.[1];
      const team = /team id: +(\S+)/.exec(printed.join('\n'))?.[1];
      expect(url).toBeDefined();
      const create = () =>
        fetch(`${url}/api/jobs/create`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ team_id: team, job_type: 'curl' }) });
      expect((await create()).status).toBe(429);
      const created = await create();
      expect(created.status).toBe(200);
      expect((await created.json()).status).toBe('PENDING');
    } finally {
      mock.kill('SIGINT');
    }
    const code = await new Promise((done) => mock.once('exit', done));
    expect(code).toBe(0);
  });
});

describe.each(['2', '3'])('an app with msw %s', (major) => {
  it('installs with a plain npm install and serves a job and a stream through createHandlers', () => {
    const folder = app(`msw-${major}`, [`msw@${major}`]);
    const out = run(
      folder,
      'handlers.mjs',
      `import { setupServer } from 'msw/node';
import * as sdk from 'saas-litellm';
import * as testing from 'saas-litellm/testing';
import { createHandlers } from 'saas-litellm/testing/msw';
const emulator = testing.createEmulator({ jobStreamRoute: 'fixed' });
const server = setupServer(...createHandlers({ emulator }));
server.listen({ onUnhandledRequest: 'error', onUnhandledFrame: 'error' });
const client = new sdk.SaaSLLMClient({ baseUrl: testing.TEST_BASE_URL, teamId: testing.TEST_TEAM_ID, virtualKey: testing.TEST_VIRTUAL_KEY });
const job = await client.createJob('msw');
const text = await (await client.chatStream(job.job_id, { model: 'sdk-gemini', messages: [{ role: 'user', content: 'hi' }] })).text();
await client.completeJob(job.job_id, 'completed');
server.close();
const { version } = JSON.parse((await import('node:fs')).readFileSync('node_modules/msw/package.json', 'utf8'));
console.log(JSON.stringify({ text, status: emulator.job(job.job_id).status, major: version.split('.')[0] }));`,
    );
    expect(JSON.parse(out)).toEqual({ ...EXPECTED, major });
  });
});
