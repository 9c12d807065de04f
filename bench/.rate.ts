import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SaaSLLMClient } from 'saas-litellm';
const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), { execArgv: ['--no-warnings'] });
const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve((m as { port: number }).port)));
const origin = `http://127.0.0.1:${port}`;
const sdk = new SaaSLLMClient({ baseUrl: origin, teamId: 'bench', virtualKey: 'sk-bench-0123456789abcdef' });
const params = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], job_type: 'bench' };
const h = { 'x-bench-stream': '1', 'x-bench-chunks': '100' };
for (let i = 0; i < 3000; i++) { for await (const _c of await sdk.createAndCallStream(params, { headers: h })) {} }
sdk.close(); child.disconnect();
