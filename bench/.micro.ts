import { createParser } from 'eventsource-parser';
const gc = (globalThis as { gc?: () => void }).gc!;
const N = 2000;
const settle = async () => { for (let i = 0; i < 3; i++) { gc(); await new Promise((r) => setTimeout(r, 10)); } return process.memoryUsage().heapUsed; };
const cases: Record<string, () => unknown> = {
  textDecoder: () => { const d = new TextDecoder(); d.decode(new Uint8Array([104, 105]), { stream: true }); return d; },
  parser: () => createParser({ onEvent: () => {} }),
  timeout: () => setTimeout(() => {}, 100000),
  abortController: () => new AbortController(),
  listener: () => { const c = new AbortController(); c.signal.addEventListener('abort', () => {}, { once: true }); return c; },
  promise: () => new Promise(() => {}),
  asyncFn: () => (async () => { await new Promise(() => {}); })(),
};
for (const [name, make] of Object.entries(cases)) {
  const before = await settle();
  const held = Array.from({ length: N }, make);
  const after = await settle();
  console.log(name.padEnd(16), ((after - before) / N).toFixed(0), 'B');
  for (const x of held) if (typeof x === 'object' && x && 'unref' in x) clearTimeout(x as NodeJS.Timeout);
}
process.exit(0);
