/**
 * Child process of memory.test.ts. For one kind of big body it measures how much the process's peak RSS
 * grows (the kernel's VmHWM, reset through /proc/self/clear_refs just before the read, after a GC) while
 * - the runtime's own `fetch` reads the same body and keeps nothing, stopping at the cap (the floor:
 *   what any client on this runtime pays for the runtime's per-chunk buffers), and
 * - the SDK reads it (a JSON call, or a stream's `text()`),
 * and prints the growth and the outcome.
 *
 *   node --expose-gc test/memory/read-probe.ts <baseUrl> <json-over|json-at-cap|json-at-cap-declared|sse-over> <maxResponseBytes> <sdk|runtime>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { SaaSLLMClient } from 'saas-litellm';

const [baseUrl, kind, capText, reader] = process.argv.slice(2) as [string, string, string, 'sdk' | 'runtime'];
const cap = Number(capText);
const gc = (globalThis as { gc?: () => void }).gc as () => void;
const client = new SaaSLLMClient({ baseUrl, teamId: 'team', virtualKey: 'sk-probe-key-0000', retry: false, circuitBreaker: false, maxResponseBytes: cap });
const JOB = '00000000-0000-4000-8000-000000000000';
const params = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };
const sse = kind.startsWith('sse');

async function sdkRead(big = true): Promise<string> {
  const options = { timeoutMs: 600_000, headers: { 'x-probe-size': big ? 'big' : 'small' } };
  try {
    if (sse) await (await client.chatStream(JOB, params, options)).text();
    else await client.getJob(JOB, options);
    return 'ok';
  } catch (error) {
    if (process.env.PROBE_DEBUG) console.error(error);
    return (error as Error).name;
  }
}

async function runtimeDrain(): Promise<string> {
  const response = await fetch(`${baseUrl}/api/jobs/${JOB}${sse ? '/llm-call-stream' : ''}`, { method: sse ? 'POST' : 'GET', headers: { 'x-probe-size': 'big' } });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return 'ok';
    received += value.byteLength;
    if (received > cap) {
      await reader.cancel();
      return 'over';
    }
  }
}

const status = () => readFileSync('/proc/self/status', 'utf8');
const kb = (field: string, text: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1]) * 1024;

async function peakGrowth(read: () => Promise<string>): Promise<{ outcome: string; grewBytes: number }> {
  gc();
  gc();
  writeFileSync('/proc/self/clear_refs', '5');
  const before = kb('VmRSS', status());
  const outcome = await read();
  return { outcome, grewBytes: kb('VmHWM', status()) - before };
}

// Warm up the SDK's paths on small answers, then one measured read in this fresh process (a second
// read in the same process would reuse memory the first one left to the allocator, and measure less).
for (let index = 0; index < 3; index += 1) await sdkRead(false);
const { outcome, grewBytes } = await peakGrowth(reader === 'sdk' ? sdkRead : runtimeDrain);
client.close();
process.stdout.write(`${JSON.stringify({ outcome, grewBytes })}\n`);
