// `npm test`: each stage with its output kept back, one line each when it passes; the whole output of
// a stage that fails, then exit 1. Runs on the repo's Node (the `node` devDependency).
import { spawn } from 'node:child_process';

const STAGES = [
  { name: 'build', command: ['tsup'] },
  { name: 'type-check', command: ['tsc', '--noEmit'] },
  { name: 'tests', command: ['vitest', 'run'], summary: vitestSummary },
  { name: 'package tests (packed package, examples, runtimes, browsers)', command: ['vitest', 'run', '--config', 'vitest.package.config.ts'], summary: vitestSummary },
  { name: 'package lint (attw, publint)', command: ['npm', 'run', '--silent', 'lint:package'] },
  { name: 'bundle size', command: ['node', '--no-warnings', 'bench/size.ts'], summary: sizeSummary },
];

function run(command) {
  return new Promise((resolve) => {
    const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (data) => (output += data));
    child.stderr.on('data', (data) => (output += data));
    child.once('close', (code) => resolve({ code, output }));
  });
}

const plain = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');

function vitestSummary(output) {
  output = plain(output);
  const tests = /Tests\s+([^\n]+)/.exec(output)?.[1]?.trim();
  const files = /Test Files\s+([^\n]+)/.exec(output)?.[1]?.trim();
  return tests ? `${tests.replace(/\s+/g, ' ')}; files: ${files?.replace(/\s+/g, ' ')}` : '';
}

function sizeSummary(output) {
  output = plain(output);
  return [...output.matchAll(/^([\w +]+): ([\d.]+ KB) gzip .*?within its budget of ([\d.]+ KB)/gm)].map((match) => `${match[1]} ${match[2]} gzip (budget ${match[3]})`).join(', ') + ', within budget';
}

console.log(`npm test: ${STAGES.map((stage) => stage.name.replace(/ \(.*/, '')).join(', ')} (a few minutes)`);
const started = Date.now();
for (const stage of STAGES) {
  const stageStarted = Date.now();
  const { code, output } = await run(stage.command);
  const seconds = `${Math.round((Date.now() - stageStarted) / 1000)} s`;
  if (code !== 0) {
    console.log(`✗ ${stage.name} (${seconds}), its output:\n`);
    console.log(output);
    process.exit(1);
  }
  const summary = stage.summary?.(output);
  console.log(`✓ ${stage.name}${summary ? `: ${summary}` : ''} (${seconds})`);
}
console.log(`All stages passed in ${Math.round((Date.now() - started) / 1000)} s.`);
