/**
 * The browser bundle of two typical entries, built as a bundler would (`esbuild --bundle --minify
 * --format=esm --platform=browser`) from the built package, checked against `bench/size-budget.json`:
 * prints the bytes (minified and gzip) and which libraries they come from; exits 1 over budget.
 * Runs in `npm test`; `node bench/size.ts --json` prints the figures only.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const params = "{ model: 'm', messages: [{ role: 'user', content: 'hi' }] }";
const ENTRIES: Record<string, string> = {
  'call + stream': `import { SaaSLLMClient } from 'saas-litellm';
const client = new SaaSLLMClient({ baseUrl: 'https://api.example.com', teamId: 't', virtualKey: 'sk-example-key' });
await client.chat('00000000-0000-4000-8000-000000000000', ${params});
for await (const chunk of await client.createAndCallStream({ job_type: 'j', ...${params} })) console.log(chunk);`,
  'call only': `import { SaaSLLMClient } from 'saas-litellm';
const client = new SaaSLLMClient({ baseUrl: 'https://api.example.com', teamId: 't', virtualKey: 'sk-example-key' });
console.log(await client.chat('00000000-0000-4000-8000-000000000000', ${params}));`,
  // The browser side of a chat: a relayed stream read back (saas-litellm/stream), none of the client.
  'stream reader': `import { ChatStream, StreamInterruptedError } from 'saas-litellm/stream';
try {
  for await (const chunk of ChatStream.fromEventStream((await fetch('/chat')).body)) console.log(chunk.choices[0]?.delta.content);
} catch (error) {
  if (error instanceof StreamInterruptedError) console.log(error.partialContent);
}`,
  // Not budgeted: shows what structured output adds, and that the marker below still finds it.
  'call + structured output': `import { SaaSLLMClient } from 'saas-litellm';
import * as z from 'zod';
const client = new SaaSLLMClient({ baseUrl: 'https://api.example.com', teamId: 't', virtualKey: 'sk-example-key' });
console.log(await client.structuredOutput('00000000-0000-4000-8000-000000000000', ${params}, z.object({ a: z.string() })));`,
};

interface Figure {
  entry: string;
  minified: number;
  gzip: number;
  bySource: Record<string, number>;
  /** Which optional parts ended up in the bundle, by a string only that part contains. */
  parts: Record<string, boolean>;
}

/**
 * Parts a call does not need, each with a string only it contains. Present in an entry that does not
 * use it fails the check; absent from the entry that does (`usedBy`) fails it too, as a stale marker.
 */
const PARTS: Record<string, { marker: string; usedBy?: string }> = {
  'Prometheus renderer': { marker: 'saas_llm_requests_total' },
  'testing emulator': { marker: 'Hello from the fake upstream' },
  // zod's JSON Schema generator: the SDK never imports it, a classic schema brings its own.
  'structured output': { marker: 'json-schema.org', usedBy: 'call + structured output' },
  // The browser build reads no environment.
  'console logger': { marker: 'SAAS_LITELLM_LOG' },
};

async function measure(entry: string, contents: string): Promise<Figure> {
  const result = await build({ stdin: { contents, resolveDir: root, loader: 'js' }, bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, metafile: true, logLevel: 'silent' });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const text = result.outputFiles[0]?.text ?? '';
  const parts = Object.fromEntries(Object.entries(PARTS).map(([part, { marker }]) => [part, text.includes(marker)]));
  return { entry, minified: code.length, gzip: gzipSync(code, { level: 9 }).length, bySource: bySource(result.metafile), parts };
}

/** Minified bytes by library (the SDK's own code as `saas-litellm`). */
function bySource(metafile: Metafile): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const library = path.includes('node_modules/') ? (path.split('node_modules/').at(-1)?.split('/')[0] ?? path) : 'saas-litellm';
      totals[library] = (totals[library] ?? 0) + input.bytesInOutput;
    }
  }
  return Object.fromEntries(Object.entries(totals).sort((a, b) => b[1] - a[1]));
}

/** `gzip`: what `npm test` enforces (a ratchet: lower it as bytes go); `target`: the goal set for it (in the JSON only). */
const budget = JSON.parse(readFileSync(new URL('./size-budget.json', import.meta.url), 'utf8')) as Partial<Record<string, { gzip: number; target: number }>>;
const figures = await Promise.all(Object.entries(ENTRIES).map(([entry, contents]) => measure(entry, contents)));
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(figures));
} else {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  for (const figure of figures) {
    const limits = budget[figure.entry];
    const verdict = limits === undefined ? 'not budgeted' : figure.gzip > limits.gzip ? `OVER its budget of ${kb(limits.gzip)}` : `within its budget of ${kb(limits.gzip)}`;
    console.log(`${figure.entry}: ${kb(figure.gzip)} gzip (${kb(figure.minified)} minified), ${verdict}`);
    console.log(`  ${Object.entries(figure.bySource).map(([library, bytes]) => `${library} ${kb(bytes)}`).join(', ')}`);
    console.log(`  ${Object.entries(figure.parts).map(([part, present]) => `${part}: ${present ? 'in the bundle' : 'left out'}`).join(', ')}`);
  }
}
const over = figures.filter((figure) => {
  const limits = budget[figure.entry];
  return limits !== undefined && figure.gzip > limits.gzip;
});
const leaked = figures.flatMap((figure) => Object.entries(figure.parts).filter(([part, present]) => present && PARTS[part]?.usedBy !== figure.entry).map(([part]) => `${part} in "${figure.entry}"`));
const stale = Object.entries(PARTS).filter(([part, { usedBy }]) => usedBy !== undefined && figures.some((figure) => figure.entry === usedBy && !figure.parts[part])).map(([part]) => part);
if (leaked.length > 0) console.log(`Should have been left out: ${leaked.join('; ')}`);
if (stale.length > 0) console.log(`Marker no longer found where the part is used: ${stale.join('; ')}`);
process.exitCode = over.length === 0 && leaked.length === 0 && stale.length === 0 ? 0 : 1;
