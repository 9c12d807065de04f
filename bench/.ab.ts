import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createParser } from 'eventsource-parser';
const A = await import('../.ab/A/index.js');
const B = await import('../.ab/B/index.js');
const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), { execArgv: ['--no-warnings'] });
const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve((m as { port: number }).port)));
const origin = `http://127.0.0.1:${port}`;
const KEY = 'sk-bench-0123456789abcdef';
const params = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], job_type: 'bench' };
const streamUrl = `${origin}/api/jobs/create-and-call-stream`;
const a = new A.SaaSLLMClient({ baseUrl: origin, teamId: 'bench', virtualKey: KEY });
const b = new B.SaaSLLMClient({ baseUrl: origin, teamId: 'bench', virtualKey: KEY });
const h = (n: number) => ({ 'x-bench-stream': '1', 'x-bench-chunks': String(n) });
async function consumeSse(body: ReadableStream<Uint8Array>): Promise<number> {
  let seen = 0;
  const parser = createParser({ onEvent: (event) => { if (event.data !== '[DONE]') { JSON.parse(event.data); seen += 1; } } });
  const decoder = new TextDecoder();
  for await (const bytes of body) parser.feed(decoder.decode(bytes, { stream: true }));
  return seen;
}
const sdk = (c: any) => async (n: number) => { let seen = 0; for await (const _c of await c.createAndCallStream(params, { headers: h(n) })) seen += 1; return seen; };
const C: Record<string, (n: number) => Promise<number>> = {
  raw: async (n) => consumeSse((await fetch(streamUrl, { method: 'POST', headers: h(n), body: '{}' })).body!),
  ...(process.env.ONLY ? { [process.env.ONLY]: sdk(process.env.ONLY === "A" ? a : b) } : { A: sdk(a), B: sdk(b) }),
};
const mode = process.argv[2] ?? 'cpu';
const gc = (globalThis as { gc?: () => void }).gc;
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
const res: Record<string, number[]> = {};
for (const f of Object.values(C)) await f(100);
for (let r = 0; r < 7; r++) for (const [name, f] of Object.entries(C)) {
  gc?.();
  if (mode === 'cpu') { await f(10000); const t = cpu(); let seen = 0; for (let s = 0; s < 3; s++) seen += await f(10000); (res[name] ??= []).push((cpu() - t) / seen); }
  else { const t = performance.now(); for (let s = 0; s < 200; s++) await f(100); (res[name] ??= []).push(200 / ((performance.now() - t) / 1000)); }
}
const med = (v: number[]) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)]!;
for (const [n, v] of Object.entries(res)) console.log(n, med(v).toFixed(2), (med(v) / med(res.raw!)).toFixed(2) + 'x', v.map((x) => x.toFixed(2)).join(' '));
a.close(); b.close(); child.disconnect();
