// The entry bundled for runtimes that take one script (Vercel's edge-runtime, workerd): the scenario
// with both SDK entries, exposed as `globalThis.runScenario(baseUrl, cutUrl)`.
import * as sdk from 'saas-litellm';
import * as testing from 'saas-litellm/testing';
import { scenario } from './scenario.js';

globalThis.runScenario = (baseUrl, cutUrl) => scenario({ sdk, testing, baseUrl, cutUrl });
