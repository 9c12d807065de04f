/**
 * What handing chunks out through `for await` costs by itself, next to raw `fetch` + eventsource-parser:
 * CPU per chunk of 10,000-chunk streams read from memory (64 KB reads, no network), in one process, the
 * contenders alternating over 21 rounds, median:
 * - `raw`: eventsource-parser and `JSON.parse` in its callback, as the bench's raw contender;
 * - `iterable`: the same, each parsed chunk then handed out through a plain async iterator (the least an
 *   `AsyncIterable` of chunks can cost: no checks, no answer kept, no timers);
 * - `ChatStream`: the package's stream over the same body.
 *
 *   npm run build && node --no-warnings bench/stream-floor.ts
 */
import { createParser } from 'eventsource-parser';
import { ChatStream } from 'saas-litellm/stream';

const CHUNKS = 10_000;
const created = 1_764_000_000;
const event = (content: string | null, finish: string | null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created, model: 'gpt-4o-mini', choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }] })}\n\n`;
const events = [event('', null)];
for (let index = 0; index < CHUNKS - 2; index += 1) events.push(event(`tok${index % 10} `, null));
events.push(event(null, 'stop'), 'data: [DONE]\n\n');
const bytes = new TextEncoder().encode(events.join(''));
const reads: Uint8Array[] = [];
for (let offset = 0; offset < bytes.length; offset += 65_536) reads.push(bytes.slice(offset, offset + 65_536));

function body(): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream({
    pull(controller) {
      if (next < reads.length) controller.enqueue((reads[next++] as Uint8Array).slice());
      else controller.close();
    },
  });
}

async function raw(): Promise<void> {
  const parser = createParser({ onEvent: (message) => message.data !== '[DONE]' && JSON.parse(message.data) });
  const decoder = new TextDecoder();
  for await (const read of body()) parser.feed(decoder.decode(read, { stream: true }));
}

function parsedChunks(): AsyncIterable<unknown> {
  const reader = body().getReader();
  const queue: unknown[] = [];
  let head = 0;
  let ended = false;
  const parser = createParser({ onEvent: (message) => void (message.data !== '[DONE]' && queue.push(JSON.parse(message.data))) });
  const decoder = new TextDecoder();
  const take = (): IteratorResult<unknown> => {
    const value = queue[head++];
    if (head === queue.length) queue.length = head = 0;
    return { done: false, value };
  };
  const fill = async (): Promise<IteratorResult<unknown>> => {
    while (head === queue.length) {
      if (ended) return { done: true, value: undefined };
      const { done, value } = await reader.read();
      if (done) ended = true;
      else parser.feed(decoder.decode(value, { stream: true }));
    }
    return take();
  };
  return { [Symbol.asyncIterator]: () => ({ next: () => (head < queue.length ? Promise.resolve(take()) : fill()) }) };
}

async function iterable(): Promise<void> {
  for await (const _chunk of parsedChunks());
}

async function chatStream(): Promise<void> {
  for await (const _chunk of new ChatStream(body()));
}

const contenders: Record<string, () => Promise<void>> = { raw, iterable, ChatStream: chatStream };
const cpu = () => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};
for (const run of Object.values(contenders)) for (let warm = 0; warm < 5; warm += 1) await run();
const samples: Record<string, number[]> = {};
for (let round = 0; round < 21; round += 1) {
  for (const [name, run] of Object.entries(contenders)) {
    const started = cpu();
    for (let stream = 0; stream < 3; stream += 1) await run();
    (samples[name] ??= []).push(((cpu() - started) * 1000) / (3 * CHUNKS));
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] as number;
const base = median(samples.raw as number[]);
for (const [name, values] of Object.entries(samples)) console.log(`${name.padEnd(10)} ${median(values).toFixed(0).padStart(5)} ns per chunk  ${(median(values) / base).toFixed(3)}×`);
