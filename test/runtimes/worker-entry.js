// A Cloudflare Worker for the matrix (workerd through miniflare): one client built at module scope (as a
// Worker is usually written: no timer may start there), the scenario at /scenario, and a relay route at
// /relay that passes a chat stream on with toEventStream(), and /breaker (a module-scope client whose
// breaker opened in an earlier request). BASE_URL and CUT_URL are defined at bundling.
import * as sdk from 'saas-litellm';
import * as testing from 'saas-litellm/testing';
import { scenario } from './scenario.js';

/* global BASE_URL, CUT_URL */
const client = new sdk.SaaSLLMClient({ baseUrl: BASE_URL, teamId: testing.TEST_TEAM_ID, virtualKey: testing.TEST_VIRTUAL_KEY, retry: { maxRetries: 1, baseDelayMs: 10 } });
// Nothing listens on port 9: every call fails, and one failure opens this client's breaker for 200 ms.
const unreachable = new sdk.SaaSLLMClient({ baseUrl: 'http://127.0.0.1:9', teamId: testing.TEST_TEAM_ID, virtualKey: testing.TEST_VIRTUAL_KEY, retry: false, circuitBreaker: { failureThreshold: 1, resetTimeoutMs: 200 } });

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === '/scenario') {
      const perRequest = url.searchParams.get('client') === 'per-request';
      const results = await scenario({ sdk, testing, baseUrl: BASE_URL, cutUrl: CUT_URL, client: perRequest ? undefined : client });
      return Response.json(results);
    }
    if (url.pathname === '/breaker') {
      // The breaker opened in an earlier request: its reset timer died with that request.
      const before = unreachable.circuitState;
      const outcome = await unreachable.getCreditBalance().then(() => 'answered', (error) => error.name);
      return Response.json({ before, outcome });
    }
    if (url.pathname === '/relay') {
      const stream = await client.createAndCallStream({ job_type: 'runtime-relay', model: 'sdk-chat', messages: [{ role: 'user', content: 'Say hello' }] });
      return new Response(stream.toEventStream(), { headers: { 'content-type': 'text/event-stream' } });
    }
    return new Response('not found', { status: 404 });
  },
};
