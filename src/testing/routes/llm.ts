/** The two non-streaming LLM routes (contract §5.5, 5.9). */
import { detail, json, naiveTimestamp } from '../responses.js';
import type { RouteHandler } from '../router.js';
import { costSummaryJson } from '../wire.js';
import { LLM_RULES, onOwnJob, SINGLE_CALL_RULES, type World } from './world.js';

export function llmRoutes(world: World): Record<'chat' | 'createAndCall', RouteHandler> {
  const { state, domain } = world;
  return {
    chat: {
      rules: LLM_RULES,
      handle: onOwnJob(world, (job, { body, team }) => {
        domain.startJob(job);
        const outcome = domain.llmCall(job, team, body, true);
        if (outcome instanceof Response) return outcome;
        if ('denied' in outcome) return detail(403, outcome.denied);
        if ('failure' in outcome) return detail(500, `LLM call failed: ${outcome.failure}`);
        const callMetadata = body.call_metadata as Record<string, unknown> | null | undefined;
        if (callMetadata) job.metadata = { ...(job.metadata ?? {}), ...callMetadata };
        return json(200, {
          call_id: outcome.call.call_id,
          response: { content: outcome.reply.content, finish_reason: outcome.reply.finishReason },
          metadata: { tokens_used: outcome.call.prompt_tokens + outcome.call.completion_tokens, latency_ms: outcome.reply.latencyMs, model: body.model },
        });
      }),
    },
    createAndCall: {
      rules: SINGLE_CALL_RULES,
      handle: ({ body, team }) => {
        const started = domain.singleCall(team, body);
        if (started instanceof Response) return started;
        const { job, outcome } = started;
        if ('failure' in outcome) {
          domain.finishSingleCall(job, team, `LLM call failed: ${outcome.failure}`);
          return detail(500, `LLM call failed: ${outcome.failure}`);
        }
        domain.finishSingleCall(job, team, undefined);
        return json(200, {
          job_id: job.job_id,
          status: job.status,
          response: { content: outcome.reply.content, finish_reason: outcome.reply.finishReason },
          metadata: { tokens_used: outcome.call.prompt_tokens + outcome.call.completion_tokens, latency_ms: outcome.reply.latencyMs, model: body.model },
          costs: costSummaryJson(job, team, state),
          completed_at: naiveTimestamp(job.completed_at ?? state.now()),
        });
      },
    },
  };
}
