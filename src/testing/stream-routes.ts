/**
 * The two stream routes, as the server implements them (contract §5.6, §5.10, §7). Errors before the
 * stream are JSON statuses; after the 200, failures are `{"error": ...}` frames.
 */
import type { Emulator, Route, RouteContext } from './emulator.js';
import { detail } from './responses.js';
import { errorFrame, KEEPALIVE_FRAME, providerFrames, sseResponse, streamedTokens } from './sse.js';
import { round, type CallRecord, type JobRecord, type ResolvedModel } from './state.js';
import type { UpstreamReply } from './upstream.js';

/** What the per-job stream route does: `as-deployed` (always an error frame, as at HEAD) or `fixed`. */
export type JobStreamRoute = 'as-deployed' | 'fixed';

/** The TypeError every per-job stream ends in at HEAD (httpx.Response is not an async context manager). */
export const JOB_STREAM_BUG = "'Response' object does not support the asynchronous context manager protocol";

export function streamRoutes(emulator: Emulator, rules: Route['rules'], singleCallRules: Route['rules'], jobStream: JobStreamRoute): Route[] {
  return [
    {
      method: 'POST',
      pattern: /^\/api\/jobs\/create-and-call-stream$/,
      auth: true,
      ...(singleCallRules ? { rules: singleCallRules } : {}),
      handle: (context) => createAndCallStream(emulator, context),
    },
    {
      method: 'POST',
      pattern: /^\/api\/jobs\/([^/]+)\/llm-call-stream$/,
      auth: true,
      ...(rules ? { rules } : {}),
      handle: (context) => {
        const job = emulator.ownJob(context);
        if (job instanceof Response) return job;
        return jobStream === 'fixed' ? jobStreamFixed(emulator, job, context) : jobStreamAsDeployed(emulator, job, context);
      },
    },
  ];
}

function createAndCallStream(emulator: Emulator, { body, team }: RouteContext): Response {
  const started = emulator.singleCall(team, body);
  if (started instanceof Response) return started;
  const { job, outcome } = started;
  const now = emulator.state.now();
  if ('failure' in outcome) {
    job.status = 'FAILED';
    job.error_message = outcome.failure.slice(0, 1000);
    job.completed_at = now;
    return sseResponse([KEEPALIVE_FRAME, errorFrame(outcome.failure)]);
  }
  recordStreamTokens(outcome.call, outcome.resolved, outcome.reply);
  job.status = 'COMPLETED';
  job.completed_at = now;
  emulator.state.chargeJob(team, job);
  return sseResponse([KEEPALIVE_FRAME, ...providerFrames(outcome.resolved, outcome.reply)]);
}

/** At HEAD: the provider is called, then the handler crashes; one error frame, a failed call, no keepalive. */
function jobStreamAsDeployed(emulator: Emulator, job: JobRecord, { body, team }: RouteContext): Response {
  startJob(emulator, job);
  const model = body.model as string;
  const resolved = emulator.state.resolveModel(team, model);
  if (typeof resolved === 'string') return detail(403, resolved);
  const failure = emulator.hasCredentials(resolved.provider)
    ? JOB_STREAM_BUG
    : `500: No provider credentials configured for ${resolved.provider}. Please add credentials in the admin dashboard.`;
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
    created_at: emulator.state.now(),
  });
  return sseResponse([errorFrame(failure)]);
}

/** With the bug fixed: §7 framing without the keepalive; the call keeps the legacy cost only; the job stays open. */
function jobStreamFixed(emulator: Emulator, job: JobRecord, { body, team }: RouteContext): Response {
  startJob(emulator, job);
  const outcome = emulator.llmCall(job, team, body, false);
  if (outcome instanceof Response) return outcome;
  if ('denied' in outcome) return detail(403, outcome.denied);
  if ('failure' in outcome) return sseResponse([errorFrame(outcome.failure)]);
  recordStreamTokens(outcome.call, outcome.resolved, outcome.reply);
  return sseResponse(providerFrames(outcome.resolved, outcome.reply));
}

function startJob(emulator: Emulator, job: JobRecord): void {
  if (job.status !== 'PENDING') return;
  job.status = 'IN_PROGRESS';
  job.started_at = emulator.state.now();
}

/** The server counts tokens only from a top-level `usage` with OpenAI's names (Fireworks' last chunk). */
function recordStreamTokens(call: CallRecord, model: ResolvedModel, reply: UpstreamReply): void {
  const tokens = streamedTokens(model.provider, reply);
  call.prompt_tokens = tokens.prompt;
  call.completion_tokens = tokens.completion;
  call.cost_usd = round((tokens.prompt * model.pricingInput + tokens.completion * model.pricingOutput) / 1_000_000, 6);
  call.client_cost_usd = 0;
}

