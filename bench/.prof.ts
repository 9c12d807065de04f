import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SaaSLLMClient } from 'saas-litellm';
const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), { execArgv: ['--no-warnings'] });
const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve((m as { port: number }).port)));
const origin = `http://127.0.0.1:${port}`;
const sdk = new SaaSLLMClient({ baseUrl: origin, teamId: 'bench', virtualKey: 'sk-bench-0123456789abcdef' });
const params = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], job_type: 'bench' };
const h = (chunks: number) => ({ 'x-bench-stream': '1', 'x-bench-chunks': String(chunks) });
const one = async (n: number) => { let seen = 0; for await (const _c of await sdk.createAndCallStream(params, { headers: h(n) })) seen += 1; return seen; };
await one(100);
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
const out: string[] = [];
for (let r = 0; r < 6; r++) {
  if (process.argv[2] === 'gc') (globalThis as { gc?: () => void }).gc?.();
  if (process.argv[3] === 'wait') await new Promise((r) => setTimeout(r, 200));
  if (process.argv[3] === 'warm') await one(100);
  const b = cpu(); let seen = 0; for (let s = 0; s < 3; s++) seen += await one(10000); out.push(((cpu() - b) / seen).toFixed(2));
}
console.log(out.join(' '));
sdk.close(); child.disconnect();
