/**
 * Cold start: a fresh `node` that imports a package (and, second row, imports it and makes one call to a
 * loopback server), median of N runs each, contenders alternated; reported over a bare `node` that
 * does nothing. `node bench/cold.ts [runs]`; `npm run bench` prints it too.
 */
import { execFileSync, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 15);
const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), { execArgv: ['--no-warnings'] });
const port = await new Promise<number>((resolve) => child.once('message', (message) => resolve((message as { port: number }).port)));
const origin = `http://127.0.0.1:${port}`;
const JOB = '00000000-0000-4000-8000-000000000000';
const params = "{ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }";

/** Each contender: the import alone, and the import plus one call. */
const CONTENDERS: Record<string, { load: string; call: string }> = {
  'bare node': { load: '', call: '' },
  'saas-litellm': {
    load: "await import('saas-litellm');",
    call: `const { SaaSLLMClient } = await import('saas-litellm'); const c = new SaaSLLMClient({ baseUrl: '${origin}', teamId: 't', virtualKey: 'sk-bench-0123456789' }); await c.chat('${JOB}', ${params}); c.close();`,
  },
  openai: {
    load: "await import('openai');",
    call: `const { default: OpenAI } = await import('openai'); await new OpenAI({ baseURL: '${origin}/v1', apiKey: 'sk-x' }).chat.completions.create(${params});`,
  },
  // The floor: what the SDK's libraries cost loaded together, before any of its own code.
  'its libraries together': {
    load: "await Promise.all(['zod/mini', 'ky', 'opossum', 'p-retry', 'eventsource-parser'].map((name) => import(name)));",
    call: `const [, { default: ky }] = await Promise.all(['zod/mini', 'ky', 'opossum', 'p-retry', 'eventsource-parser'].map((name) => import(name))); await ky.post('${origin}/api/jobs/${JOB}/llm-call', { json: ${params} }).json();`,
  },
  ky: { load: "await import('ky');", call: `const { default: ky } = await import('ky'); await ky.post('${origin}/api/jobs/${JOB}/llm-call', { json: ${params} }).json();` },
  zod: { load: "await import('zod');", call: "await import('zod');" },
  'zod/mini': { load: "await import('zod/mini');", call: "await import('zod/mini');" },
};

function time(script: string): number {
  const started = performance.now();
  execFileSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('..', import.meta.url)) });
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const samples: Record<string, { load: number[]; call: number[] }> = Object.fromEntries(Object.keys(CONTENDERS).map((name) => [name, { load: [], call: [] }]));
for (let run = 0; run < runs; run += 1) {
  for (const [name, { load, call }] of Object.entries(CONTENDERS)) {
    samples[name]?.load.push(time(load));
    samples[name]?.call.push(time(call));
  }
}
child.disconnect();

const bare = { load: median(samples['bare node']?.load ?? []), call: median(samples['bare node']?.call ?? []) };
const over = (name: string, kind: 'load' | 'call') => median(samples[name]?.[kind] ?? []) - bare[kind];
const openai = { load: over('openai', 'load'), call: over('openai', 'call') };
console.log(`cold start, median of ${runs}, ms over a bare node (${bare.load.toFixed(0)} ms):`);
console.log('| contender | import | import + first call |');
console.log('|---|---|---|');
for (const name of Object.keys(CONTENDERS).filter((name) => name !== 'bare node')) {
  const load = over(name, 'load');
  const call = over(name, 'call');
  console.log(`| ${name} | ${load.toFixed(0)} ms (${(load / openai.load).toFixed(2)}× openai) | ${call.toFixed(0)} ms (${(call / openai.call).toFixed(2)}× openai) |`);
}
