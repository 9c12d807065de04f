/**
 * `npm run example -- <name> [args]`: run an example on the repo's own Node (the `node` devDependency,
 * first on npm's PATH), against the built package. `npm run example` alone lists them.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const EXAMPLES: Record<string, { file: string; what: string; runner?: 'vitest' }> = {
  tour: { file: 'examples/tour.ts', what: 'the SDK in a minute' },
  'node-service': { file: 'examples/node-service/server.ts', what: 'an HTTP service: withJob, errors as HTTP answers, /metrics' },
  'browser-chat': { file: 'examples/browser-chat/server.ts', what: 'a page that streams an answer (open the printed URL)' },
  'chat-relay': { file: 'examples/chat-relay/relay.ts', what: 'a relay on saas-litellm/stream alone (give the upstream URL)' },
  'ai-sdk': { file: 'examples/ai-sdk/route.ts', what: "a useChat route with the AI SDK (POST /api/chat)" },
  'structured-output': { file: 'examples/structured-output.ts', what: 'typed JSON answers from a zod schema' },
  fleet: { file: 'examples/fleet/run.ts', what: 'three processes sharing one Redis (needs redis-server)' },
  'vitest-msw': { file: 'examples/vitest-msw', what: 'your own tests on the emulator through msw', runner: 'vitest' },
};

const root = fileURLToPath(new URL('..', import.meta.url));
const [name, ...args] = process.argv.slice(2);
const example = name === undefined ? undefined : EXAMPLES[name];
if (example === undefined) {
  if (name !== undefined) console.error(`No example "${name}".`);
  console.error(`Usage: npm run example -- <name> [args]\n\n${Object.entries(EXAMPLES).map(([key, { what }]) => `  ${key.padEnd(18)} ${what}`).join('\n')}`);
  process.exit(name === undefined ? 0 : 2);
}
const command = example.runner === 'vitest' ? [fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url)), 'run', '--root', example.file, ...args] : ['--no-warnings', example.file, ...args];
const child = spawn(process.execPath, command, { cwd: root, stdio: 'inherit' });
process.once('SIGINT', () => child.kill('SIGINT'));
child.once('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
