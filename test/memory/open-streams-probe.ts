/**
 * Child process of open-streams.test.ts: the heap an open stream holds. After a warm-up it opens
 * `count` streams, each read up to its first chunk and then left open (as a relay holds its streams
 * between tokens), and prints the heap they hold after a full GC, per stream:
 * - `runtime`: the runtime's own `fetch` with a signal, a reader, eventsource-parser and a decoder (what
 *   any client on this runtime pays to hold a stream it can end and will read on), or
 * - `sdk`: `client.createAndCallStream()` and its iterator.
 * Then it ends every stream and exits by itself (nothing left holding the process).
 *
 *   node --expose-gc test/memory/open-streams-probe.ts <baseUrl> <sdk|runtime> <count>
 */
import { createParser } from 'eventsource-parser';
import { SaaSLLMClient } from 'saas-litellm';

const [baseUrl, reader, countText] = process.argv.slice(2) as [string, 'sdk' | 'runtime', string];
const count = Number(countText);
const gc = (globalThis as { gc?: () => void }).gc as () => void;
const client = new SaaSLLMClient({ baseUrl, teamId: 'team', virtualKey: 'sk-probe-key-0000' });
const kept: unknown[] = [];
const params = { job_type: 'probe', model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };

/** Open one stream up to its first chunk; returns what ends it. */
async function open(): Promise<() => unknown> {
  if (reader === 'sdk') {
    const stream = await client.createAndCallStream(params);
    await stream[Symbol.asyncIterator]().next();
    return () => stream.abort();
  }
  // A client that can end its stream and will read on: a signal, and its reader, parser and decoder.
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/jobs/create-and-call-stream`, { method: 'POST', body: JSON.stringify(params), headers: { 'content-type': 'application/json' }, signal: controller.signal });
  const body = (response.body as ReadableStream<Uint8Array>).getReader();
  const parser = createParser({ onEvent: (event) => JSON.parse(event.data) });
  const decoder = new TextDecoder();
  parser.feed(decoder.decode((await body.read()).value, { stream: true }));
  kept.push([body, parser, decoder]);
  return () => controller.abort();
}

const settle = async () => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc();
  gc();
};

for (let index = 0; index < 20; index += 1) (await open())();
kept.length = 0;
await settle();
const before = process.memoryUsage().heapUsed;
const ends: (() => unknown)[] = [];
for (let index = 0; index < count; index += 1) ends.push(await open());
await settle();
const perStream = (process.memoryUsage().heapUsed - before) / count;
await Promise.all(ends.map((end) => end()));
client.close();
process.stdout.write(`${JSON.stringify({ perStream })}\n`);
