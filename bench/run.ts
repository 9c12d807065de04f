/**
 * `npm run bench`: what a call and a stream cost through this SDK, as ratios to raw `fetch`, beside ky
 * and the openai SDK, all measured in this one process against one loopback server (a child process, so
 * its CPU is not ours). Contenders alternate within every round, so drift on a shared machine hits them
 * alike. `--quick` runs every scenario with tiny counts (CI keeps the script working with it).
 *
 * Rows: sequential p50/p99, throughput with 64 in flight, SSE CPU per chunk (10,000-chunk streams),
 * rate over 100-chunk streams, heap and RSS held per open stream (500 open), idle and waiting for a chunk.
 */
import { execFileSync, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { createParser } from 'eventsource-parser';
import ky from 'ky';
import OpenAI from 'openai';
import { SaaSLLMClient } from 'saas-litellm';

const quick = process.argv.includes('--quick');
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc (npm run bench does)');

const COUNTS = quick
  ? { rounds: 2, cpuRounds: 2, sequential: 20, throughput: 64, longStream: 500, streams: 10, open: 20 }
  : { rounds: 5, cpuRounds: 9, sequential: 500, throughput: 2_000, longStream: 10_000, streams: 200, open: 500 };

const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), { execArgv: ['--no-warnings'] });
const port = await new Promise<number>((resolve) => child.once('message', (message) => resolve((message as { port: number }).port)));
const origin = `http://127.0.0.1:${port}`;

const JOB_ID = '00000000-0000-4000-8000-000000000000';
const KEY = 'sk-bench-0123456789abcdef';
const params = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello to the bench' }], max_tokens: 32 };
const chatUrl = `${origin}/api/jobs/${JOB_ID}/llm-call`;
const streamUrl = `${origin}/api/jobs/create-and-call-stream`;
const auth = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', accept: 'application/json' };
const streamBody = JSON.stringify({ ...params, team_id: 'bench', job_type: 'bench' });

const sdk = new SaaSLLMClient({ baseUrl: origin, teamId: 'bench', virtualKey: KEY });
const openai = new OpenAI({ baseURL: `${origin}/v1`, apiKey: KEY });
const http = ky.create({ retry: 0, timeout: false, headers: { authorization: `Bearer ${KEY}` } });

/** A stream held open after its first chunk; `waitForNext` asks for the next one (the server sends none). */
type StreamHandle = { firstChunk: Promise<unknown>; waitForNext: () => void; close: () => void };
interface Contender {
  call: () => Promise<unknown>;
  /** Consume a stream of `chunks`; resolves with the chunks seen. */
  stream: (chunks: number) => Promise<number>;
  /** Open a held stream and read its first chunk. */
  open: () => StreamHandle;
}

/** What every raw SSE client does at least: frame with eventsource-parser, parse each event's JSON. */
async function consumeSse(body: ReadableStream<Uint8Array>): Promise<number> {
  let seen = 0;
  const parser = createParser({
    onEvent: (event) => {
      if (event.data !== '[DONE]') {
        JSON.parse(event.data);
        seen += 1;
      }
    },
  });
  const decoder = new TextDecoder();
  for await (const bytes of body) parser.feed(decoder.decode(bytes, { stream: true }));
  return seen;
}

function heldRaw(start: (signal: AbortSignal) => Promise<Response>): StreamHandle {
  const controller = new AbortController();
  let readNext: (() => void) | undefined;
  const firstChunk = start(controller.signal).then(async (response) => {
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const parser = createParser({ onEvent: (event) => JSON.parse(event.data) });
    const decoder = new TextDecoder();
    parser.feed(decoder.decode((await reader.read()).value, { stream: true }));
    // A client that will read on holds its reader, parser and decoder while the stream is open.
    readNext = () => void reader.read().then(({ value }) => value && parser.feed(decoder.decode(value, { stream: true })), () => {});
    return [reader, parser, decoder];
  });
  return { firstChunk, waitForNext: () => readNext?.(), close: () => controller.abort() };
}

/** An SDK's stream (an async iterable with an abort) held the same way. */
function heldIterable(open: () => Promise<AsyncIterable<unknown>>, abort: (stream: AsyncIterable<unknown>) => void): StreamHandle {
  let stream: AsyncIterable<unknown> | undefined;
  let iterator: AsyncIterator<unknown> | undefined;
  const firstChunk = (async () => {
    stream = await open();
    iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
  })();
  return { firstChunk, waitForNext: () => void iterator?.next().catch(() => {}), close: () => stream && abort(stream) };
}

const streamHeaders = (chunks: number, hold = false) => ({ 'x-bench-stream': '1', 'x-bench-chunks': String(chunks), ...(hold ? { 'x-bench-hold': '1' } : {}) });

const contenders: Record<string, Contender> = {
  'raw fetch': {
    call: async () => (await fetch(chatUrl, { method: 'POST', headers: auth, body: JSON.stringify(params) })).json(),
    stream: async (chunks) => consumeSse((await fetch(streamUrl, { method: 'POST', headers: { ...auth, ...streamHeaders(chunks) }, body: streamBody })).body!),
    open: () => heldRaw((signal) => fetch(streamUrl, { method: 'POST', headers: { ...auth, ...streamHeaders(1, true) }, body: streamBody, signal })),
  },
  ky: {
    call: () => http.post(chatUrl, { json: params }).json(),
    stream: async (chunks) => consumeSse((await http.post(streamUrl, { body: streamBody, headers: streamHeaders(chunks) })).body!),
    open: () => heldRaw((signal) => http.post(streamUrl, { body: streamBody, headers: streamHeaders(1, true), signal })),
  },
  openai: {
    call: () => openai.chat.completions.create(params as never),
    stream: async (chunks) => {
      let seen = 0;
      for await (const _chunk of await openai.chat.completions.create({ ...params, stream: true } as never, { headers: streamHeaders(chunks) }) as unknown as AsyncIterable<unknown>) seen += 1;
      return seen;
    },
    open: () =>
      heldIterable(
        async () => (await openai.chat.completions.create({ ...params, stream: true } as never, { headers: streamHeaders(1, true) })) as unknown as AsyncIterable<unknown>,
        (stream) => (stream as unknown as { controller: AbortController }).controller.abort(),
      ),
  },
  'saas-litellm': {
    call: () => sdk.chat(JOB_ID, params),
    stream: async (chunks) => {
      let seen = 0;
      for await (const _chunk of await sdk.createAndCallStream({ ...params, job_type: 'bench' }, { headers: streamHeaders(chunks) })) seen += 1;
      return seen;
    },
    open: () =>
      heldIterable(
        () => sdk.createAndCallStream({ ...params, job_type: 'bench' }, { headers: streamHeaders(1, true) }),
        (stream) => (stream as unknown as { abort(): void }).abort(),
      ),
  },
};
const names = Object.keys(contenders);

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] as number;
const median = (values: number[]) => percentile(values, 50);
const cpuMicros = () => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

/**
 * Run `measure` for every contender in each round, order rotating per round; samples by contender. One
 * untimed pass first, so every contender is measured warm (its code optimised), and a GC before each
 * sample, so no contender pays for the garbage of the one before it: a full one, or only the young
 * generation's (`minor`) where a full one would cost the next sample its optimised code (see `cpuPerChunk`).
 */
async function rounds<T>(measure: (contender: Contender) => Promise<T>, { count = COUNTS.rounds, collect = 'full' as 'full' | 'minor' } = {}): Promise<Record<string, T[]>> {
  const samples: Record<string, T[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (const name of names) await measure(contenders[name] as Contender);
  for (let round = 0; round < count; round += 1) {
    const order = names.map((_, index) => names[(index + round) % names.length] as string);
    for (const name of order) {
      if (collect === 'full') gc?.();
      else (gc as unknown as (options: { type: 'minor' }) => void)?.({ type: 'minor' });
      samples[name]?.push(await measure(contenders[name] as Contender));
    }
  }
  return samples;
}

async function sequential(contender: Contender): Promise<number[]> {
  const latencies: number[] = [];
  for (let call = 0; call < COUNTS.sequential; call += 1) {
    const started = performance.now();
    await contender.call();
    latencies.push((performance.now() - started) * 1000);
  }
  return latencies;
}

async function throughput(contender: Contender): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < COUNTS.throughput) {
      next += 1;
      await contender.call();
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  return COUNTS.throughput / ((performance.now() - started) / 1000);
}

/**
 * CPU per chunk at steady state, as a process that streams all day runs: after only a minor GC. A full GC
 * drops the hidden classes of objects no longer alive, and with them the optimised code that reads such
 * objects (V8: "embedded weak objects cleared"); measured with `--trace-opt`, every sample then recompiled
 * eventsource-parser's `processLines` in TurboFan (~10 ms on the compile thread, which `process.cpuUsage`
 * counts, ~0.3 µs per chunk for every contender) and the code of each SDK that reads its chunks' fields,
 * still compiling after a warm-up stream. A serving process with streams open keeps those classes.
 */
async function cpuPerChunk(contender: Contender): Promise<number> {
  // Untimed: the same warm-up stream for every contender.
  await contender.stream(COUNTS.longStream);
  const before = cpuMicros();
  let seen = 0;
  for (let stream = 0; stream < 3; stream += 1) seen += await contender.stream(COUNTS.longStream);
  return (cpuMicros() - before) / seen;
}

async function streamRate(contender: Contender): Promise<number> {
  const started = performance.now();
  for (let stream = 0; stream < COUNTS.streams; stream += 1) await contender.stream(100);
  return COUNTS.streams / ((performance.now() - started) / 1000);
}

/**
 * Heap and RSS per open stream, idle after its first chunk; and the heap once each also waits for its next
 * chunk, as every stream of a relay does between tokens (a pending read: the SDK's stream always has one,
 * since it reads the body as it arrives).
 */
async function heldPerStream(contender: Contender): Promise<{ heap: number; rss: number; heapWaiting: number }> {
  const settle = async () => {
    for (let pass = 0; pass < 3; pass += 1) {
      gc?.();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return process.memoryUsage();
  };
  const before = await settle();
  const handles = Array.from({ length: COUNTS.open }, () => contender.open());
  await Promise.all(handles.map((handle) => handle.firstChunk));
  const after = await settle();
  for (const handle of handles) handle.waitForNext();
  const waiting = await settle();
  for (const handle of handles) handle.close();
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { heap: (after.heapUsed - before.heapUsed) / COUNTS.open, rss: (after.rss - before.rss) / COUNTS.open, heapWaiting: (waiting.heapUsed - before.heapUsed) / COUNTS.open };
}

const load = { before: os.loadavg(), after: [0, 0, 0] };
const startedAt = new Date();
for (const contender of Object.values(contenders)) for (let warm = 0; warm < (quick ? 5 : 200); warm += 1) await contender.call();
for (const contender of Object.values(contenders)) await contender.stream(100);

const sequentialSamples = await rounds(sequential);
const throughputSamples = await rounds(throughput);
const cpuSamples = await rounds(cpuPerChunk, { count: COUNTS.cpuRounds, collect: 'minor' });
const rateSamples = await rounds(streamRate);
const heldSamples = await rounds(heldPerStream);
load.after = os.loadavg();

const rows = names.map((name) => {
  const latencies = (sequentialSamples[name] ?? []).flat();
  return {
    name,
    p50: median(latencies),
    p99: percentile(latencies, 99),
    throughput: median(throughputSamples[name] ?? []),
    cpuPerChunk: median(cpuSamples[name] ?? []),
    streamRate: median(rateSamples[name] ?? []),
    heapPerStream: median((heldSamples[name] ?? []).map((sample) => sample.heap)),
    rssPerStream: median((heldSamples[name] ?? []).map((sample) => sample.rss)),
    heapPerWaitingStream: median((heldSamples[name] ?? []).map((sample) => sample.heapWaiting)),
  };
});
const raw = rows[0] as (typeof rows)[number];
const ratio = (value: number, base: number) => (base === 0 ? 'n/a' : `${(value / base).toFixed(2)}×`);
const table = [
  '| contender | p50 | p99 | throughput (64 in flight) | SSE CPU / chunk | 100-chunk streams / s | heap / open stream | RSS / open stream | heap / stream waiting |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (row) =>
      `| ${row.name} | ${row.p50.toFixed(0)} µs (${ratio(row.p50, raw.p50)}) | ${row.p99.toFixed(0)} µs (${ratio(row.p99, raw.p99)}) | ${row.throughput.toFixed(0)}/s (${ratio(row.throughput, raw.throughput)}) | ${row.cpuPerChunk.toFixed(2)} µs (${ratio(row.cpuPerChunk, raw.cpuPerChunk)}) | ${row.streamRate.toFixed(0)} (${ratio(row.streamRate, raw.streamRate)}) | ${(row.heapPerStream / 1024).toFixed(1)} KB (${ratio(row.heapPerStream, raw.heapPerStream)}) | ${(row.rssPerStream / 1024).toFixed(1)} KB (${ratio(row.rssPerStream, raw.rssPerStream)}) | ${(row.heapPerWaitingStream / 1024).toFixed(1)} KB (${ratio(row.heapPerWaitingStream, raw.heapPerWaitingStream)}) |`,
  ),
].join('\n');
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const loadLine = `load average (1/5/15 min) before ${load.before.map((value) => value.toFixed(2)).join(' / ')}, after ${load.after.map((value) => value.toFixed(2)).join(' / ')}`;
const counts = `${COUNTS.rounds} rounds (${COUNTS.cpuRounds} for CPU per chunk); per round and contender: ${COUNTS.sequential} sequential calls, ${COUNTS.throughput} calls 64 at a time, three ${COUNTS.longStream}-chunk streams, ${COUNTS.streams} streams of 100 chunks, ${COUNTS.open} open streams`;

// The same run measures what a user pays before the first call: the bundle and the cold start.
const extra = (script: string, ...args: string[]) => execFileSync(process.execPath, ['--no-warnings', fileURLToPath(new URL(script, import.meta.url)), ...args], { encoding: 'utf8' });
const weight = `${extra('./cold.ts', quick ? '2' : '15')}\nBrowser bundle (npm run size):\n\n${extra('./size.ts')}`;
console.log(`\n${machine}\n${loadLine}\n${counts}\n\n${table}\n\n${weight}`);
if (!quick) {
  const results = new URL('./results/', import.meta.url);
  mkdirSync(results, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  writeFileSync(new URL(`${stamp}.json`, results), `${JSON.stringify({ startedAt, machine, load, counts: COUNTS, rows }, null, 2)}\n`);
  writeFileSync(new URL('latest.md', results), `# npm run bench, ${startedAt.toISOString()}\n\n${machine}  \n${loadLine}  \n${counts}\n\n${table}\n\n${weight}`);
}
sdk.close();
child.disconnect();
