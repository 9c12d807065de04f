// The scenario from a command line, for the runtimes that load the package as it is (Node, Deno, Bun):
//   deno run --allow-net test/runtimes/cli.js <baseUrl> <cutUrl>
// Prints one JSON line of results. The SDK is imported by its package name (the repo's own dist).
import * as sdk from 'saas-litellm';
import * as testing from 'saas-litellm/testing';
import { scenario } from './scenario.js';

const [baseUrl, cutUrl] = globalThis.Deno?.args ?? globalThis.process.argv.slice(2);
console.log(JSON.stringify(await scenario({ sdk, testing, baseUrl, cutUrl })));
