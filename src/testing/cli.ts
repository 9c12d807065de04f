/**
 * `saas-litellm-mock`: the emulator on a loopback port, for curl, other languages, a browser dev server.
 *
 *   npx saas-litellm-mock [--port 8003] [--host 127.0.0.1] [--fault rateLimited:2] [--fault serverErrors:10%]
 *                         [--seed 42] [--job-stream as-deployed|fixed]
 *
 * Prints the URL, team id and key (and the variables that point the SDK's tour at it), then serves until
 * interrupted.
 */
import { parseArgs } from 'node:util';
import { createEmulator } from './emulator.js';
import { DEFAULT_MODELS, TEST_TEAM_ID, TEST_VIRTUAL_KEY } from './fixtures.js';
import { faultFromSpec, FAULT_SPECS } from './fault-spec.js';
import { startEmulatorServer } from './server.js';

const USAGE = `Usage: saas-litellm-mock [options]

Serves the SaaS LiteLLM API emulator (from saas-litellm/testing) until interrupted.

Options:
  --port <n>           port to listen on (0 picks a free one)              default 8003
  --host <address>     address to listen on                                default 127.0.0.1
  --fault <name[:arg]> a fault, repeatable: on every request, or on the first <arg> requests when
                       <arg> is a count (2), on a share of them (10%), or, for slow and
                       dropStreamAfter, every request with that many milliseconds or frames:
                       ${FAULT_SPECS.join(', ')}
  --seed <n>           seed of the faults given as a share                 default 1
  --job-stream <mode>  as-deployed: /api/jobs/{id}/llm-call-stream fails as the real server's does
                       today (use create-and-call-stream); fixed: it streams   default as-deployed
  --help               this text`;

function fail(message: string): never {
  console.error(`saas-litellm-mock: ${message}\n\n${USAGE}`);
  process.exit(2);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      port: { type: 'string', default: '8003' },
      host: { type: 'string', default: '127.0.0.1' },
      fault: { type: 'string', multiple: true, default: [] },
      seed: { type: 'string', default: '1' },
      'job-stream': { type: 'string', default: 'as-deployed' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  }).values;
}
try {
  args = parse();
} catch (error) {
  fail((error as Error).message);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) fail(`--port must be a port number, not "${args.port}"`);
const seed = Number(args.seed);
if (!Number.isFinite(seed)) fail(`--seed must be a number, not "${args.seed}"`);
const jobStreamRoute = args['job-stream'];
if (jobStreamRoute !== 'fixed' && jobStreamRoute !== 'as-deployed') fail(`--job-stream must be fixed or as-deployed, not "${jobStreamRoute}"`);

let faults;
try {
  faults = args.fault.map((spec, index) => faultFromSpec(spec, seed + index));
} catch (error) {
  fail((error as Error).message);
}

const emulator = createEmulator({ faults, jobStreamRoute });
let server;
try {
  server = await startEmulatorServer(emulator, { port, host: args.host });
} catch (error) {
  const code = (error as { code?: string }).code;
  fail(code === 'EADDRINUSE' ? `port ${port} is in use: pick another with --port (0 picks a free one)` : (error as Error).message);
}

console.log(`saas-litellm mock API on ${server.url}`);
console.log(`  team id:     ${TEST_TEAM_ID}`);
console.log(`  virtual key: ${TEST_VIRTUAL_KEY}`);
console.log(`  models:      ${DEFAULT_MODELS.map((model) => `${model.model_alias} (${model.provider})`).join(', ')}`);
if (args.fault.length > 0) console.log(`  faults:      ${args.fault.join(', ')} (seed ${seed})`);
console.log(`\nPoint the SDK (or the tour) at it:\n  export SAAS_LITELLM_API_URL=${server.url} SAAS_LITELLM_TEAM_ID=${TEST_TEAM_ID} SAAS_LITELLM_VIRTUAL_KEY=${TEST_VIRTUAL_KEY}`);
console.log(`\nTry it:\n  curl -s -X POST ${server.url}/api/jobs/create -H 'Authorization: Bearer ${TEST_VIRTUAL_KEY}' -H 'Content-Type: application/json' -d '{"team_id":"${TEST_TEAM_ID}","job_type":"demo"}'`);
console.log('\nCtrl-C stops it.');

const open = server;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void open.close().then(() => process.exit(0));
  });
}
