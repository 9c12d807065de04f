/**
 * The README's code, as a user pastes it: every ```ts block type-checks under the project's strictest
 * settings against the built package, and every block that talks to the API (all but those marked
 * ```ts no-run: a page, a Worker, an msw setup) runs against the emulator. The blocks are read from the
 * README, so a changed README is a changed test.
 *
 * A block may use these names without declaring them, as the README's prose does: `client` (a client of
 * the emulator), `jobId` (a job of it), `messages`, `params`, `emulator`, `question`, `output`, `ctx`.
 * Its own `client` or `emulator` shadows the given one. A client a block builds itself (for
 * https://api.example.com, team `acme`) reaches the emulator through the global `fetch`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { SaaSLLMClient } from '../../dist/index.js';
import { createEmulator, TEST_BASE_URL, TEST_TEAM_ID, TEST_VIRTUAL_KEY } from '../../dist/testing/index.js';

const root = resolve(import.meta.dirname, '../..');
const folder = join(root, '.tmp/readme');
const ACME_KEY = 'sk-acme-0123456789abcdef';

interface Block {
  index: number;
  line: number;
  code: string;
  runs: boolean;
}

function readmeBlocks(): Block[] {
  const text = readFileSync(join(root, 'README.md'), 'utf8');
  return [...text.matchAll(/^```ts( no-run)?\n([\s\S]*?)^```$/gm)].map((match, index) => ({
    index,
    line: text.slice(0, match.index).split('\n').length,
    code: match[2] as string,
    runs: match[1] === undefined,
  }));
}

/** The block as a module: its imports on top, its body in a function that receives the given names. */
function moduleOf(block: Block): string {
  const lines = block.code.split('\n');
  const imports = lines.filter((line) => /^import\s/.test(line));
  const body = lines.filter((line) => !/^import\s/.test(line)).join('\n');
  return `${imports.join('\n')}
import type { CreateAndCallParams as ReadmeParams, SaaSLLMClient as ReadmeClient } from 'saas-litellm';
import type { Emulator as ReadmeEmulator } from 'saas-litellm/testing';

export interface Given {
  client: ReadmeClient;
  jobId: string;
  messages: Array<{ role: 'user' | 'assistant' | 'system'; content: string }>;
  params: ReadmeParams;
  emulator: ReadmeEmulator;
  question: string;
  output: { append(text: string): void };
  ctx: { waitUntil(promise: Promise<unknown>): void };
}

export async function run(given: Given): Promise<unknown> {
  const { client, jobId, messages, params, emulator, question, output, ctx } = given;
  void [client, jobId, messages, params, emulator, question, output, ctx];
  {
${body}
  }
  return undefined;
}
`;
}

const blocks = readmeBlocks();
mkdirSync(folder, { recursive: true });
for (const block of blocks) writeFileSync(join(folder, `block-${block.index}.ts`), moduleOf(block));
writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.json', compilerOptions: { noUnusedLocals: false }, include: ['*.ts'] }));

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the README', () => {
  it('has code to check (the blocks are found)', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    expect(blocks.filter((block) => block.runs).length).toBeGreaterThanOrEqual(5);
  });

  it("type-checks every TypeScript block under the project's settings (strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess)", () => {
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', join(folder, 'tsconfig.json')], { cwd: root, encoding: 'utf8' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    // Point at the README line of each error, not the generated file.
    const located = output.replace(/\.tmp\/readme\/block-(\d+)\.ts/g, (_match, index: string) => `README.md block ${index} (line ${blocks[Number(index)]?.line})`);
    expect(located).toBe('');
  });

  it.each(blocks.filter((block) => block.runs).map((block) => [block.line, block] as const))('runs the block at line %i against the emulator', async (_line, block) => {
    const emulator = createEmulator();
    emulator.addTeam({ teamId: 'acme', virtualKey: ACME_KEY });
    const client = new SaaSLLMClient({ baseUrl: TEST_BASE_URL, teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY, fetch: emulator.fetch });
    const { job_id: jobId } = await client.createJob('readme');
    const messages = [{ role: 'user' as const, content: 'Hello from the README' }];
    vi.stubEnv('ACME_KEY', ACME_KEY);
    vi.stubGlobal('fetch', emulator.fetch);
    const logged = vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const module = (await import(pathToFileURL(join(folder, `block-${block.index}.ts`)).href)) as { run(given: unknown): Promise<unknown> };
      await module.run({ client, jobId, messages, params: { job_type: 'readme', model: 'sdk-chat', messages }, emulator, question: 'Hi', output: { append: () => {} }, ctx: { waitUntil: () => {} } });
    } finally {
      vi.unstubAllGlobals();
      client.close();
    }
    // Each runnable block prints what it shows; nothing it printed is a failure.
    expect(logged).toHaveBeenCalled();
    expect(logged.mock.calls.flat().join(' ')).not.toMatch(/undefined undefined|Error:/);
  });
});
