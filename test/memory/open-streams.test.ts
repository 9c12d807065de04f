/**
 * What an open stream holds: a relay keeps hundreds open between tokens, so the heap each one keeps is
 * what it pays for the SDK. Measured in fresh child processes (test/memory/open-streams-probe.ts), after a
 * full GC, against the runtime's own `fetch` holding the same stream open in the same run.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFUSES_REDIRECTS } from '../helpers.js';
import { writeSection } from '../reliability-report.js';

const COUNT = 200;
const KiB = 1024;
const CHUNK = `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1764000000, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' }, finish_reason: null }] })}\n\n`;

let server: Server;
let baseUrl: string;
/** Streams held open: the first chunk sent, the rest never. */
const held = new Set<ServerResponse>();
let onEmpty: (() => void) | undefined;
/** Resolves once every held stream's connection has closed. */
const allClosed = () => new Promise<void>((resolve) => (held.size === 0 ? resolve() : (onEmpty = resolve)));

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(CHUNK);
      held.add(response);
      response.on('close', () => {
        held.delete(response);
        if (held.size === 0) onEmpty?.();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function heapPerStream(reader: 'sdk' | 'runtime'): Promise<number> {
  const script = fileURLToPath(new URL('./open-streams-probe.ts', import.meta.url));
  const child = spawn(process.execPath, ['--no-warnings', '--expose-gc', script, baseUrl, reader, String(COUNT)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (data: Buffer) => (output += data.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(0);
  return (JSON.parse(output.trim()) as { perStream: number }).perStream;
}

// The SDK's requests skip undici's copy only where they refuse redirects: undici 7.23 and later (Node 24).
describe('heap per open stream', () => {
  it.runIf(REFUSES_REDIRECTS)(`${COUNT} streams held open after their first chunk: the SDK keeps at most 1.5 KB each over the runtime's own fetch, and the probe exits by itself`, async () => {
    const runtime = await heapPerStream('runtime');
    const sdk = await heapPerStream('sdk');
    if (process.env.RELIABILITY_REPORT) {
      writeSection(process.env.RELIABILITY_REPORT, 'open-streams', { [`heap per open stream, runtime fetch / SDK (KB), ${COUNT} streams`]: `${(runtime / KiB).toFixed(1)} / ${(sdk / KiB).toFixed(1)}` });
    }
    // Node's fetch keeps a copy of every request that may follow a redirect (5 KB per open stream):
    // the SDK's requests refuse redirects there, so it holds no more than its own few objects.
    expect(sdk).toBeLessThanOrEqual(runtime + 1.5 * KiB);
    // Every stream the probes opened was ended: the server saw each connection close.
    await allClosed();
  }, 120_000);
});
