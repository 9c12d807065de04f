/**
 * A fixed number of `chat` calls for an instruction count (see bench/stream-loop.ts):
 *
 *   valgrind --tool=callgrind node --no-warnings bench/call-loop.ts sdk 1000
 *   valgrind --tool=callgrind node --no-warnings bench/call-loop.ts sdk 2000
 *
 * The difference divided by 1,000 is the instructions per call at steady state; modes `raw` (fetch +
 * JSON.parse), `ky` (ky.post().json()) and `sdk` (every default on). Build first (`npm run build`).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import ky from 'ky';
import { SaaSLLMClient } from 'saas-litellm';

const [mode = 'sdk', calls = '1000'] = process.argv.slice(2);
const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), { execArgv: ['--no-warnings'], execPath: process.execPath });
const port = await new Promise<number>((resolve) => child.once('message', (message) => resolve((message as { port: number }).port)));
const origin = `http://127.0.0.1:${port}`;
const JOB_ID = '00000000-0000-4000-8000-000000000000';
const url = `${origin}/api/jobs/${JOB_ID}/llm-call`;
const key = 'sk-bench-0123456789abcdef';
const params = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello to the bench' }], max_tokens: 32 };
const sdk = new SaaSLLMClient({ baseUrl: origin, teamId: 'bench', virtualKey: key });
const http = ky.create({ retry: 0, timeout: false, headers: { authorization: `Bearer ${key}` } });

const modes: Record<string, () => Promise<unknown>> = {
  raw: async () => (await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(params) })).json(),
  ky: () => http.post(url, { json: params }).json(),
  sdk: () => sdk.chat(JOB_ID, params),
};
const call = modes[mode] as () => Promise<unknown>;
for (let index = 0; index < Number(calls); index += 1) await call();
sdk.close();
child.disconnect();
