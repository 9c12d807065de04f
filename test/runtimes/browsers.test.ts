/**
 * The runtime matrix's browsers: the scenario (test/runtimes/scenario.js) bundled as a page's bundler
 * would (the package's browser build), in headless Firefox ESR and Chromium from Debian, each started as a
 * plain process on a page that reports its results back. The page, the API and a second API that cuts
 * every stream after 3 frames (under /cut) are one emulator server on 127.0.0.1, so the page needs no CORS.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator, dropStreamAfter, type Fault } from '../../dist/testing/index.js';
import { startEmulatorServer, type EmulatorServer } from '../../dist/testing/server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BROWSERS = {
  firefox: { path: '/usr/bin/firefox-esr', args: (profile: string, url: string) => ['--headless', '--no-remote', '--profile', profile, url] },
  chromium: {
    path: '/usr/bin/chromium',
    args: (profile: string, url: string) => ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, url],
  },
} as const;
const PAGE = `<!doctype html><meta charset="utf-8"><title>saas-litellm matrix</title><script type="module">
import './scenario.js';
const results = await runScenario(location.origin, location.origin + '/cut').catch((error) => ({ page: 'FAILED: ' + error }));
await fetch('/report', { method: 'POST', body: JSON.stringify(results) });
</script>`;

let browser: ChildProcess | undefined;
let server: EmulatorServer | undefined;
let profile: string | undefined;
afterEach(async () => {
  await stop(browser);
  await server?.close();
  // A browser's helper processes may still be writing to the profile as they go.
  if (profile !== undefined) rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  browser = undefined;
  server = undefined;
  profile = undefined;
});

/** Kill the browser and every process it started (its own process group), and wait until it is gone. */
async function stop(child: ChildProcess | undefined): Promise<void> {
  if (child?.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
  await exited;
}

/** Serves the page and its bundle, takes the report, and sends /cut/api/... to the API with its streams cut. */
function pageAndCut(bundle: string, report: (results: Record<string, string>) => void): Fault {
  const cut = dropStreamAfter(3);
  return async (request, next) => {
    const url = new URL(request.url);
    if (url.pathname === '/') return new Response(PAGE, { headers: { 'content-type': 'text/html; charset=utf-8' } });
    if (url.pathname === '/scenario.js') return new Response(bundle, { headers: { 'content-type': 'text/javascript' } });
    if (url.pathname === '/report') {
      report((await request.json()) as Record<string, string>);
      return new Response('thanks');
    }
    if (url.pathname.startsWith('/cut/')) {
      url.pathname = url.pathname.slice('/cut'.length);
      return cut(new Request(url, request), next);
    }
    return next(request);
  };
}

describe.each(Object.entries(BROWSERS))('%s', (name, { path, args }) => {
  const available = existsSync(path);
  if (!available && process.env.CI) throw new Error(`${path} is missing: .ci/run installs Debian's ${name === 'firefox' ? 'firefox-esr' : 'chromium'} for this test.`);

  it.skipIf(!available)('runs the scenario on a page', async () => {
    const output = await build({
      entryPoints: [fileURLToPath(new URL('./bundle-entry.js', import.meta.url))],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      absWorkingDir: root,
      logLevel: 'error',
    });
    let report: (results: Record<string, string>) => void = () => {};
    const reported = new Promise<Record<string, string>>((resolve) => (report = resolve));
    const emulator = createEmulator({ jobStreamRoute: 'fixed' });
    emulator.use(pageAndCut(output.outputFiles[0]?.text ?? '', report));
    server = await startEmulatorServer(emulator);
    profile = mkdtempSync(join(tmpdir(), `saas-litellm-${name}-`));
    browser = spawn(path, args(profile, `${server.url}/`), { stdio: 'ignore', detached: true, env: { ...process.env, HOME: profile, MOZ_HEADLESS: '1' } });
    const results = await reported;
    expect(Object.keys(results)).toHaveLength(6);
    for (const [check, outcome] of Object.entries(results)) expect(outcome, check).toMatch(/^ok/);
  });
});
