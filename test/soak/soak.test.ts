/**
 * The short soak (≈1,500 tasks) in the suite: `soak/run.ts` in its own process (Node with --expose-gc),
 * over real sockets with ~10% socket faults. It passes when every promise held (see soak/run.ts) and
 * the process exits by itself after its last line: the soak reports no handle left open, and the exit
 * comes without a kill (the bound is only there to say "hung", with an order of magnitude to spare on a
 * loaded machine). `npm run soak` runs the full one.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('a short soak keeps every promise and exits by itself', async () => {
  const script = fileURLToPath(new URL('../../soak/run.ts', import.meta.url));
  const child = spawn(process.execPath, ['--no-warnings', '--expose-gc', script, '--calls', '1250', '--streams', '250', '--seed', '7'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  let printedAt = 0;
  child.stdout.on('data', (data: Buffer) => {
    output += data.toString();
    printedAt = performance.now();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const exitAfterMs = performance.now() - printedAt;
  const figures = JSON.parse(output.trim().split('\n').at(-1) as string) as { failures: string[]; unhandled: number; jobsLeftOpen: number; serverRequests: number; clientSentByMetrics: number };
  expect(figures.failures).toEqual([]);
  expect(figures.unhandled).toBe(0);
  expect(figures.jobsLeftOpen).toBe(0);
  expect(figures.clientSentByMetrics).toBe(figures.serverRequests);
  expect(code).toBe(0);
  expect((figures as { handlesLeft?: string[] }).handlesLeft).toEqual([]);
  expect(exitAfterMs).toBeLessThan(20_000);
}, 120_000);
