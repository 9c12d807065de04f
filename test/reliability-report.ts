/** Results of the reliability runs as Markdown, written between `<!-- name:start/end -->` markers in docs/reliability.md. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import type { SaaSLLMError } from '../src/index.js';

export interface ChaosRow {
  fault: string;
  method: string;
  /** The error class, or `ok`. */
  outcome: string;
  error: SaaSLLMError | undefined;
  /** Requests the faulty route saw. */
  requests: number;
  settledMs: number;
  partial: string;
  /** `status` of each `/complete` the SDK sent. */
  completions: string[];
}

const machine = () => `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${os.loadavg()[0]?.toFixed(2)}`;

/** Replace the `name` section of `file` with `body`. */
function replaceSection(file: string, name: string, body: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const section = `${start}\n${body}\n${end}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  writeFileSync(file, from >= 0 && to > from ? `${current.slice(0, from)}${section}${current.slice(to + end.length)}` : `${current}\n${section}\n`);
}

export function writeChaosTable(file: string, rows: readonly ChaosRow[]): void {
  replaceSection(
    file,
    'chaos',
    [
      `Run ${new Date().toISOString()} on ${machine()}.`,
      '',
      '| fault | method | result | sendState | requests | settled (ms) | partial text | /complete |',
      '|---|---|---|---|---|---|---|---|',
      ...rows.map(
        (row) =>
          `| ${row.fault} | ${row.method} | ${row.outcome} | ${row.error?.sendState ?? ''} | ${row.requests} | ${row.settledMs} | ${row.partial === '' ? '' : `${row.partial.length} chars`} | ${row.completions.join(', ') || '—'} |`,
      ),
    ].join('\n'),
  );
}

export function writeSection(file: string, name: string, figures: Record<string, unknown>, seed?: number): void {
  replaceSection(
    file,
    name,
    [`Run ${new Date().toISOString()} on ${machine()}${seed === undefined ? '' : `, seed ${seed}`}.`, '', '| figure | value |', '|---|---|', ...Object.entries(figures).map(([key, value]) => `| ${key} | ${String(value)} |`)].join('\n'),
  );
}
