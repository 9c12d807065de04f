/** A `redis-server` of the example's own (Debian's package) on a free loopback port, or the one REDIS_URL names. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export async function redisForExample(): Promise<{ url: string; stop: () => void }> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: () => {} };
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => String(chunk).includes('Ready to accept connections') && resolve());
    child.once('error', () => reject(new Error('redis-server is not installed: set REDIS_URL, or apt-get install redis-server')));
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill() };
}
