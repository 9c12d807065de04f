import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import ky from 'ky';
import { createParser } from 'eventsource-parser';
import { ChatStream, SaaSLLMClient } from 'saas-litellm';
const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), { execArgv: ['--no-warnings'] });
const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve((m as { port: number }).port)));
const origin = `http://127.0.0.1:${port}`;
const KEY = 'sk-bench-0123456789abcdef';
const sdk = new SaaSLLMClient({ baseUrl: origin, teamId: 'bench', virtualKey: KEY });
const http = ky.create({ retry: 0, timeout: false, headers: { authorization: `Bearer ${KEY}` } });
const params = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], job_type: 'bench' };
const h = { 'x-bench-stream': '1', 'x-bench-chunks': '1', 'x-bench-hold': '1' };
const streamUrl = `${origin}/api/jobs/create-and-call-stream`;
const gc = (globalThis as { gc?: () => void }).gc!;
const N = 500;
const modes: Record<string, () => Promise<unknown>> = {
  raw: async () => { const c = new AbortController(); const r = await fetch(streamUrl, { method: 'POST', body: '{}', headers: h, signal: c.signal }); const reader = r.body!.getReader(); const parser = createParser({ onEvent: (e) => JSON.parse(e.data) }); const decoder = new TextDecoder(); parser.feed(decoder.decode((await reader.read()).value, { stream: true })); return [c, reader, parser, decoder]; },
  ky: async () => { const c = new AbortController(); const r = await http.post(streamUrl, { body: '{}', headers: h, signal: c.signal }); const reader = r.body!.getReader(); const parser = createParser({ onEvent: (e) => JSON.parse(e.data) }); const decoder = new TextDecoder(); parser.feed(decoder.decode((await reader.read()).value, { stream: true })); return [c, reader, parser, decoder]; },
  bare: async () => { const c = new AbortController(); const r = await fetch(streamUrl, { method: 'POST', body: '{}', headers: h, signal: c.signal }); const s = new ChatStream(r, { signal: c.signal }); await s[Symbol.asyncIterator]().next(); return s; },
  sdk: async () => { const s = await sdk.createAndCallStream(params, { headers: h }); await s[Symbol.asyncIterator]().next(); return s; },
};
const settle = async () => { for (let i = 0; i < 3; i++) { gc(); await new Promise((r) => setTimeout(r, 20)); } return process.memoryUsage().heapUsed; };
const out: Record<string, number[]> = {};
for (let round = 0; round < 3; round++) for (const [name, open] of Object.entries(modes)) {
  const before = await settle();
  const held = await Promise.all(Array.from({ length: N }, open));
  const after = await settle();
  (out[name] ??= []).push((after - before) / N / 1024);
  for (const x of held) { if (x instanceof ChatStream) x.abort(); else { (x as [AbortController])[0].abort(); } }
  await new Promise((r) => setTimeout(r, 100));
}
for (const [k, v] of Object.entries(out)) console.log(k.padEnd(5), v.map((x) => x.toFixed(1)).join(' '));
sdk.close(); child.disconnect(); process.exit(0);
