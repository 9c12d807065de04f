/** Start and command fleet workers (worker.ts) from one process: used by run.ts and the package tests. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Answer {
  ok: boolean;
  value?: unknown;
  error?: { name: string; message: string };
}

export interface Worker {
  ask(op: string, extra?: Record<string, unknown>): Promise<Answer>;
  logs: string[];
  stop(): Promise<void>;
}

export async function startWorker(env: Record<string, string>): Promise<Worker> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./worker.ts', import.meta.url)), { env: { ...process.env, ...env }, execArgv: ['--no-warnings'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, (answer: Answer) => void>();
  const logs: string[] = [];
  let next = 0;
  await new Promise<void>((resolve, reject) => {
    child.on('message', (message: { ready?: boolean; id?: number; log?: string } & Answer) => {
      if (message.ready) resolve();
      else if (message.log !== undefined) logs.push(message.log);
      else if (message.id !== undefined) pending.get(message.id)?.(message);
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code})`)));
  });
  return {
    logs,
    ask: (op, extra = {}) =>
      new Promise((resolve) => {
        const id = ++next;
        pending.set(id, resolve);
        child.send({ id, op, ...extra });
      }),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ id: ++next, op: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
