/**
 * The two stream routes, as the server implements them (contract §5.6, §5.10, §7). Errors before the
 * stream are JSON statuses; after the 200, failures are `{"error": ...}` frames.
 */
import { detail } from '../responses.js';
import type { RouteContext, RouteHandler } from '../router.js';
import { errorFrame, KEEPALIVE_FRAME, providerFrames, sseResponse, streamedTokens } from '../sse.js';
import { round, type JobRecord } from '../state.js';
import type { CallMade } from '../domain.js';
import { LLM_RULES, onOwnJob, SINGLE_CALL_RULES, type World } from './world.js';

/** The TypeError every per-job stream ends in at HEAD (httpx.Response is not an async context manager). */
export const JOB_STREAM_BUG = "'Response' object does not support the asynchronous context manager protocol";

export function streamRoutes(world: World): Record<'chatStream' | 'createAndCallStream', RouteHandler> {
  return {
    createAndCallStream: { rules: SINGLE_CALL_RULES, handle: (context) => createAndCallStream(world, context) },
    chatStream: {
      rules: LLM_RULES,
      handle: onOwnJob(world, (job, context) => {
        world.domain.startJob(job);
        return world.jobStreamRoute === 'fixed' ? jobStreamFixed(world, job, context) : jobStreamAsDeployed(world, job, context);
      }),
    },
  };
}

function createAndCallStream({ domain }: World, { body, team }: RouteContext): Response {
  const started = domain.singleCall(team, body);
  if (started instanceof Response) return started;
  const { job, outcome } = started;
  if ('failure' in outcome) {
    domain.finishSingleCall(job, team, outcome.failure);
    return sseResponse([KEEPALIVE_FRAME, errorFrame(outcome.failure)]);
  }
  recordStreamTokens(outcome);
  domain.finishSingleCall(job, team, undefined);
  return sseResponse([KEEPALIVE_FRAME, ...providerFrames(outcome.resolved, outcome.reply)]);
}

/** At HEAD: the provider is called, then the handler crashes; one error frame, a failed call, no keepalive. */
function jobStreamAsDeployed({ state, domain }: World, job: JobRecord, { body, team }: RouteContext): Response {
  const model = body.model as string;
  const resolved = state.resolveModel(team, model);
  if (typeof resolved === 'string') return detail(403, resolved);
  const failure = domain.hasCredentials(resolved.provider) ? JOB_STREAM_BUG : domain.credentialsFailure(resolved.provider);
  if (!job.model_groups_used.includes(model)) job.model_groups_used.push(model);
  job.calls.push({
    call_id: globalThis.crypto.randomUUID(),
    model: null,
    model_group: model,
    purpose: (body.purpose as string | null | undefined) ?? null,
    prompt_tokens: 0,
    completion_tokens: 0,
    latency_ms: null,
    cost_usd: 0,
    client_cost_usd: 0,
    error: failure,
    created_at: state.now(),
  });
  return sseResponse([errorFrame(failure)]);
}

/** With the bug fixed: §7 framing without the keepalive; the call keeps the legacy cost only; the job stays open. */
function jobStreamFixed({ domain }: World, job: JobRecord, { body, team }: RouteContext): Response {
  const outcome = domain.llmCall(job, team, body, false);
  if (outcome instanceof Response) return outcome;
  if ('denied' in outcome) return detail(403, outcome.denied);
  if ('failure' in outcome) return sseResponse([errorFrame(outcome.failure)]);
  recordStreamTokens(outcome);
  return sseResponse(providerFrames(outcome.resolved, outcome.reply));
}

/** The server counts tokens only from a top-level `usage` with OpenAI's names (Fireworks' last chunk). */
function recordStreamTokens({ call, resolved, reply }: CallMade): void {
  const tokens = streamedTokens(resolved.provider, reply);
  call.prompt_tokens = tokens.prompt;
  call.completion_tokens = tokens.completion;
  call.cost_usd = round((tokens.prompt * resolved.pricingInput + tokens.completion * resolved.pricingOutput) / 1_000_000, 6);
  call.client_cost_usd = 0;
}
