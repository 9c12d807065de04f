import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { writeHeapSnapshot } from 'node:v8';
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
const mode = process.argv[2];
const N = 200;
const gc = (globalThis as { gc?: () => void }).gc!;
// warm
for (let i = 0; i < 20; i++) { const s = await sdk.createAndCallStream(params, { headers: h }); await s[Symbol.asyncIterator]().next(); s.abort(); }
await new Promise((r) => setTimeout(r, 100)); gc(); gc();
writeHeapSnapshot(`/tmp/heap-${mode}-0.heapsnapshot`);
const held: unknown[] = [];
for (let i = 0; i < N; i++) {
  if (mode === 'sdk') { const s = await sdk.createAndCallStream(params, { headers: h }); await s[Symbol.asyncIterator]().next(); held.push(s); }
  else if (mode === 'bare') { const c = new AbortController(); const r = await fetch(streamUrl, { method: 'POST', body: '{}', headers: h, signal: c.signal }); const s = new ChatStream(r, { signal: c.signal }); await s[Symbol.asyncIterator]().next(); held.push(s); }
  else if (mode === 'raw') { const c = new AbortController(); const r = await fetch(streamUrl, { method: 'POST', body: '{}', headers: h, signal: c.signal }); const reader = r.body!.getReader(); const parser = createParser({ onEvent: (e) => JSON.parse(e.data) }); const decoder = new TextDecoder(); parser.feed(decoder.decode((await reader.read()).value, { stream: true })); held.push([c, reader, parser, decoder]); }
  else { const c = new AbortController(); const r = await http.post(streamUrl, { body: '{}', headers: h, signal: c.signal }); const reader = r.body!.getReader(); await reader.read(); held.push([c, reader]); }
}
gc(); gc();
writeHeapSnapshot(`/tmp/heap-${mode}-1.heapsnapshot`);
console.log('held', held.length);
process.exit(0);
