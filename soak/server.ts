/**
 * The soak's server, a child process (its memory and CPU are not the client's): the emulator behind a
 * loopback server where a seeded fraction of requests gets a socket-level fault from the chaos suite.
 * Over IPC: sends `{ port }` when listening; answers `{ stats: jobIds }` with the server's view.
 */
import { createEmulator } from 'saas-litellm/testing';
import { FAULTS, startChaosServer, type SocketFault } from '../test/chaos/chaos-server.ts';

const rate = Number(process.argv[2] ?? 0.1);
let seed = Number(process.argv[3] ?? 1);
/** mulberry32: the same faults for the same seed. */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let value = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
  return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
}

/** The faults a soak draws from: every chaos fault that ends within a timeout, none that sends 12 MB. */
const SOAK_FAULTS = [
  'reset before headers',
  'reset mid-body',
  'half-written JSON',
  'chunked cut mid-chunk',
  'headers never come',
  'body stalls',
  'SSE cut after 3 events',
  'SSE clean EOF before the end',
  'SSE error frame',
  '200 text/html',
  'gzip-declared garbage',
  '429 with Retry-After',
  '503 storm',
  'server echoes Authorization',
].map((name) => FAULTS[name] as SocketFault);

const emulator = createEmulator({ jobStreamRoute: 'fixed' });
const server = await startChaosServer(emulator, () => (random() < rate ? SOAK_FAULTS[Math.floor(random() * SOAK_FAULTS.length)] : undefined));
process.send?.({ port: Number(new URL(server.url).port) });

process.on('message', (message: { stats?: string[] }) => {
  if (message.stats === undefined) return;
  const statuses: Record<string, string | undefined> = {};
  const completions: Record<string, string[]> = {};
  for (const jobId of message.stats) statuses[jobId] = emulator.job(jobId)?.status;
  for (const { jobId, status } of server.completions) (completions[jobId] ??= []).push(status);
  process.send?.({ requests: server.requests(), faulted: server.faulted(), statuses, completions });
});
process.on('disconnect', () => void server.close().then(() => process.exit(0)));
