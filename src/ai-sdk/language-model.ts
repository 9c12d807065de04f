/**
 * A model of the AI SDK's Language Model Specification (v4, what `ai` 7 calls) that makes its calls
 * through a `SaaSLLMClient`: each call a create-and-call job by default, or a call inside a job the caller
 * names. The client's retries, breakers, typed errors and a failed stream's auto-fail all apply.
 */
import type { LanguageModelV4, LanguageModelV4CallOptions, LanguageModelV4Content, LanguageModelV4GenerateResult, LanguageModelV4StreamResult, SharedV4ProviderMetadata } from '@ai-sdk/provider';
import type { SaaSLLMClient } from '../client.js';
import type { ChatStream } from '../streaming/chat-stream.js';
import type { ChatParams } from '../schemas/requests.js';
import { planCall, type CallPlan } from './call-params.js';
import { toAICallError } from './errors.js';
import { finishReason, streamParts, usageOf } from './stream-parts.js';

/** Settings of one model: `saas('sdk-chat', settings)`. */
export interface SaasLiteLLMModelSettings {
  /**
   * Make every call inside this job (`chat`, `chatStream`): a multi-step tool loop is then one job, which
   * the caller completes (or `saas.withJob` does). Without it each call is its own create-and-call job.
   */
  jobId?: string;
  /** The `job_type` of the jobs created for single calls. @default 'ai-sdk' */
  jobType?: string;
  /** Label stored with each call (≤ 200 characters). */
  purpose?: string;
}

/** Per call, under `providerOptions.saasLitellm`: the same as the model's settings, for one call. */
export type SaasLiteLLMCallOptions = SaasLiteLLMModelSettings;

export class SaasLiteLLMLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider = 'saas-litellm';
  readonly modelId: string;
  /** Images may be passed by URL (OpenAI fetches them); everything else arrives as data. */
  readonly supportedUrls: Record<string, RegExp[]> = { 'image/*': [/^https?:\/\/.*$/] };
  readonly #client: SaaSLLMClient;
  readonly #settings: SaasLiteLLMModelSettings;

  constructor(client: SaaSLLMClient, modelId: string, settings: SaasLiteLLMModelSettings = {}) {
    this.#client = client;
    this.modelId = modelId;
    this.#settings = settings;
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const plan = planCall(options);
    const target = this.#target(options);
    // The non-streaming routes drop tool calls (contract §5.5): a call that may make one streams.
    if (plan.mayCallTools) return this.#generateByStream(plan, target);
    const body = this.#body(plan, target);
    try {
      const reply =
        target.jobId === undefined
          ? await this.#client.createAndCall({ ...body, job_type: target.jobType }, plan.requestOptions)
          : await this.#client.chat(target.jobId, body, plan.requestOptions);
      const jobId = 'job_id' in reply && typeof reply.job_id === 'string' ? reply.job_id : target.jobId;
      const callId = 'call_id' in reply && typeof reply.call_id === 'string' ? reply.call_id : undefined;
      const content: LanguageModelV4Content[] = reply.response.content ? [{ type: 'text', text: reply.response.content }] : [];
      return {
        content,
        finishReason: finishReason(reply.response.finish_reason),
        usage: usageOf(undefined, reply.metadata.tokens_used),
        providerMetadata: metadata(jobId, callId, undefined),
        request: { body },
        response: { modelId: reply.metadata.model },
        warnings: plan.warnings,
      };
    } catch (error) {
      throw toAICallError(error, this.#url(target), body);
    }
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const plan = planCall(options);
    const target = this.#target(options);
    const { stream, body } = await this.#open(plan, target);
    const url = this.#url(target);
    return {
      stream: streamParts(stream, {
        warnings: plan.warnings,
        includeRawChunks: options.includeRawChunks === true,
        metadata: () => metadata(stream.jobId ?? target.jobId, undefined, stream.requestId),
        toError: (error) => toAICallError(error, url, body),
      }),
      request: { body },
    };
  }

  /** A call that may make tool calls: streamed, read to its end, returned whole. */
  async #generateByStream(plan: CallPlan, target: Target): Promise<LanguageModelV4GenerateResult> {
    const { stream, body } = await this.#open(plan, target);
    try {
      const text = await stream.text();
      const content: LanguageModelV4Content[] = text === '' ? [] : [{ type: 'text', text }];
      for (const call of stream.toolCalls) content.push({ type: 'tool-call', toolCallId: call.id, toolName: call.name, input: call.arguments === '' ? '{}' : call.arguments });
      return {
        content,
        finishReason: finishReason(stream.finishReason),
        usage: usageOf(stream.usage),
        providerMetadata: metadata(stream.jobId ?? target.jobId, undefined, stream.requestId),
        request: { body },
        warnings: plan.warnings,
      };
    } catch (error) {
      throw toAICallError(error, this.#url(target), body);
    }
  }

  async #open(plan: CallPlan, target: Target): Promise<{ stream: ChatStream; body: Record<string, unknown> }> {
    const body = this.#body(plan, target);
    try {
      const stream =
        target.jobId === undefined
          ? await this.#client.createAndCallStream({ ...body, job_type: target.jobType }, plan.requestOptions)
          : await this.#client.chatStream(target.jobId, body, plan.requestOptions);
      return { stream, body };
    } catch (error) {
      throw toAICallError(error, this.#url(target), body);
    }
  }

  /** What the API receives (with `job_type` added for a create-and-call). */
  #body(plan: CallPlan, target: Target): ChatParams {
    return { ...plan.params, model: this.modelId, ...(target.purpose ? { purpose: target.purpose } : {}) };
  }

  /** Where this call goes: the model's settings, overridden by the call's `providerOptions.saasLitellm`. */
  #target(options: LanguageModelV4CallOptions): Target {
    const given = (options.providerOptions?.saasLitellm ?? {}) as SaasLiteLLMCallOptions;
    const jobId = typeof given.jobId === 'string' ? given.jobId : this.#settings.jobId;
    const jobType = typeof given.jobType === 'string' ? given.jobType : (this.#settings.jobType ?? 'ai-sdk');
    const purpose = typeof given.purpose === 'string' ? given.purpose : this.#settings.purpose;
    return { jobId, jobType, purpose };
  }

  #url(target: Target): string {
    return `${this.#client.baseUrl}/api/jobs/${target.jobId === undefined ? 'create-and-call' : `${target.jobId}/llm-call`}`;
  }
}

interface Target {
  jobId: string | undefined;
  jobType: string;
  purpose: string | undefined;
}

/** The job and the call, under the provider's name in the result's `providerMetadata`. */
function metadata(jobId: string | undefined, callId: string | undefined, requestId: string | undefined): SharedV4ProviderMetadata {
  return { saasLitellm: { ...(jobId === undefined ? {} : { jobId }), ...(callId === undefined ? {} : { callId }), ...(requestId === undefined ? {} : { requestId }) } };
}
