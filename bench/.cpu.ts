import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createParser } from 'eventsource-parser';
import ky from 'ky';
import { SaaSLLMClient } from 'saas-litellm';
import OpenAI from 'openai';
const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), { execArgv: ['--no-warnings'] });
const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve((m as { port: number }).port)));
const origin = `http://127.0.0.1:${port}`;
const KEY = 'sk-bench-0123456789abcdef';
const params = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello to the bench' }], max_tokens: 32 };
const streamUrl = `${origin}/api/jobs/create-and-call-stream`;
const auth = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', accept: 'application/json' };
const streamBody = JSON.stringify({ ...params, team_id: 'bench', job_type: 'bench' });
const sdk = new SaaSLLMClient({ baseUrl: origin, teamId: 'bench', virtualKey: KEY });
const http = ky.create({ retry: 0, timeout: false, headers: { authorization: `Bearer ${KEY}` } });
async function consumeSse(body: ReadableStream<Uint8Array>): Promise<number> {
  let seen = 0;
  const parser = createParser({ onEvent: (event) => { if (event.data !== '[DONE]') { JSON.parse(event.data); seen += 1; } } });
  const decoder = new TextDecoder();
  for await (const bytes of body) parser.feed(decoder.decode(bytes, { stream: true }));
  return seen;
}
const h = (chunks: number) => ({ 'x-bench-stream': '1', 'x-bench-chunks': String(chunks) });
const openaiClient = new OpenAI({ baseURL: `${origin}/v1`, apiKey: KEY });
const C: Record<string, (n: number) => Promise<number>> = {
  raw: async (n) => consumeSse((await fetch(streamUrl, { method: 'POST', headers: { ...auth, ...h(n) }, body: streamBody })).body!),
  ky: async (n) => consumeSse((await http.post(streamUrl, { body: streamBody, headers: h(n) })).body!),
  ...(process.env.WITH_OPENAI ? { openai: async (n: number) => { let seen = 0; for await (const _c of await openaiClient.chat.completions.create({ ...params, stream: true } as never, { headers: h(n) }) as unknown as AsyncIterable<unknown>) seen += 1; return seen; } } : {}),
  sdk: async (n) => { let seen = 0; for await (const _c of await sdk.createAndCallStream({ ...params, job_type: 'bench' }, { headers: h(n) })) seen += 1; return seen; },
};
const mode = process.argv[2] ?? 'cpu';
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
const res: Record<string, number[]> = { raw: [], ky: [], sdk: [], openai: [] };
for (const f of Object.values(C)) await f(100);
if (process.argv[3] === 'openai') { const openai = new OpenAI({ baseURL: `${origin}/v1`, apiKey: KEY }); for (let i = 0; i < Number(process.argv[4] ?? 3); i++) { for await (const _c of await openai.chat.completions.create({ ...params, stream: true } as never, { headers: h(10000) }) as unknown as AsyncIterable<unknown>) {} } }
if (process.argv[3] === 'warm') { const JOB_ID = '00000000-0000-4000-8000-000000000000'; for (let i = 0; i < 3000; i++) await sdk.chat(JOB_ID, params); }
for (let r = 0; r < 5; r++) for (const [name, f] of Object.entries(C)) {
  (globalThis as { gc?: () => void }).gc?.();
  if (mode === 'cpu') { const b = cpu(); let seen = 0; for (let s = 0; s < 3; s++) seen += await f(10000); res[name]!.push((cpu() - b) / seen); }
  else { const t = performance.now(); for (let s = 0; s < 200; s++) await f(100); res[name]!.push(200 / ((performance.now() - t) / 1000)); }
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
for (const [n, v] of Object.entries(res)) if (v.length) console.log(n, med(v).toFixed(2), (med(v) / med(res.raw!)).toFixed(2) + 'x', v.map((x) => x.toFixed(2)).join(' '));
sdk.close(); child.disconnect();
