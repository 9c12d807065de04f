/**
 * A fixed amount of streaming work for an instruction count, which is repeatable on a shared machine
 * where times are not:
 *
 *   valgrind --tool=callgrind node --no-warnings bench/stream-loop.ts sdk 4 10000
 *   valgrind --tool=callgrind node --no-warnings bench/stream-loop.ts sdk 8 10000
 *
 * The difference between the two counts, divided by 4 × 10,000, is the instructions per chunk at steady
 * state (the same for `raw`: fetch + eventsource-parser + JSON.parse). Build first (`npm run build`).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createParser } from 'eventsource-parser';
const { SaaSLLMClient } = await import(process.env.DIST ?? 'saas-litellm');

const [mode = 'sdk', streams = '4', chunks = '10000'] = process.argv.slice(2);
const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), { execArgv: ['--no-warnings'], execPath: process.execPath });
const port = await new Promise<number>((resolve) => child.once('message', (message) => resolve((message as { port: number }).port)));
const origin = `http://127.0.0.1:${port}`;
const headers = { 'x-bench-chunks': chunks };
const sdk = new SaaSLLMClient({ baseUrl: origin, teamId: 'bench', virtualKey: 'sk-bench-0123456789abcdef' });
const params = { job_type: 'bench', model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Stream' }] };

async function raw(): Promise<void> {
  const parser = createParser({ onEvent: (event) => event.data !== '[DONE]' && JSON.parse(event.data) });
  const decoder = new TextDecoder();
  const response = await fetch(`${origin}/api/jobs/create-and-call-stream`, { method: 'POST', headers, body: '{}' });
  for await (const bytes of response.body as ReadableStream<Uint8Array>) parser.feed(decoder.decode(bytes, { stream: true }));
}

async function viaSdk(): Promise<void> {
  for await (const _chunk of await sdk.createAndCallStream(params, { headers })) {
    // consume
  }
}

for (let stream = 0; stream < Number(streams); stream += 1) await (mode === 'raw' ? raw() : viaSdk());
sdk.close();
child.disconnect();
