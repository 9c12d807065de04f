/**
 * The chat route as a Cloudflare Worker: the same handler (chat.ts), the provider built from the Worker's
 * bindings on its first request. Run by the runtime matrix in workerd (test/runtimes).
 *
 *   wrangler.toml: main = "examples/ai-sdk/worker.ts", compatibility_date = "2026-04-01"
 *   secrets/vars:  SAAS_LITELLM_API_URL, SAAS_LITELLM_TEAM_ID, SAAS_LITELLM_VIRTUAL_KEY (SAAS_LITELLM_MODEL optional)
 */
import { createSaasLiteLLM } from 'saas-litellm/ai-sdk';
import { chatRoute } from './chat.ts';

interface Env {
  SAAS_LITELLM_API_URL: string;
  SAAS_LITELLM_TEAM_ID: string;
  SAAS_LITELLM_VIRTUAL_KEY: string;
  SAAS_LITELLM_MODEL?: string;
}

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

let handle: ReturnType<typeof chatRoute> | undefined;

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    handle ??= chatRoute(createSaasLiteLLM({ baseUrl: env.SAAS_LITELLM_API_URL, teamId: env.SAAS_LITELLM_TEAM_ID, virtualKey: env.SAAS_LITELLM_VIRTUAL_KEY }), env.SAAS_LITELLM_MODEL);
    // The job is completed after the answer has streamed: the Worker must wait for it.
    return handle(request, (promise) => ctx.waitUntil(promise));
  },
};
