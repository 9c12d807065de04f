/**
 * The short lost-answers soak in the suite: `soak/lost-answers.ts` in its own process, 300 tasks with 10%
 * of the answers to creating and completing requests lost after the emulator acted. With `reconcile` on,
 * the server's records show no double charge, no charged FAILED job, no orphan and no unknown charged
 * answer; the same workload with `reconcile: false` leaves orphans (so the figures can fail).
 * `npm run soak:lost-answers` runs the full one (1,500 tasks) and writes docs/reliability.md.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import type { Figures } from '../../soak/lost-answers.ts';

it('a short lost-answers soak: nothing charged twice, nothing orphaned, every charged answer delivered or reported', async () => {
  const script = fileURLToPath(new URL('../../soak/lost-answers.ts', import.meta.url));
  const child = spawn(process.execPath, ['--no-warnings', script, '--tasks', '300', '--seed', '3'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (data: Buffer) => (output += data.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const { reconcile, without } = JSON.parse(output.trim().split('\n').at(-1) as string) as { reconcile: Figures; without: Figures };
  expect(reconcile.answersLost).toBeGreaterThan(0);
  expect(reconcile).toMatchObject({ doubleCharges: 0, failedButCharged: 0, orphanJobs: 0, unknownChargedAnswers: 0 });
  // Every failure is one of the SDK's typed errors.
  expect(Object.keys(reconcile.failedByError).filter((name) => name.startsWith('raw'))).toEqual([]);
  expect(without.orphanJobs).toBeGreaterThan(0);
  expect(code).toBe(0);
}, 120_000);
