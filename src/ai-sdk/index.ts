/**
 * `saas-litellm/ai-sdk`: the SaaS LiteLLM API as a provider of the Vercel AI SDK (`ai` 7: `generateText`,
 * `streamText`, `Output.object`, tool loops, `toUIMessageStreamResponse()`), its calls made through this
 * SDK: jobs, typed errors (as the AI SDK's `APICallError`, the SDK's error as `cause`), retries, the
 * breakers, and a failed stream's auto-fail. Needs `@ai-sdk/provider` (and `ai`) installed; nothing of
 * them is imported by the other entries.
 *
 * @example
 * import { generateText } from 'ai';
 * import { createSaasLiteLLM } from 'saas-litellm/ai-sdk';
 *
 * const saas = createSaasLiteLLM({ baseUrl: 'https://api.example.com', teamId: 'acme', virtualKey: process.env.KEY ?? '' });
 * const { text, providerMetadata } = await generateText({ model: saas('sdk-chat'), prompt: 'Hello' });
 * providerMetadata?.saasLitellm?.jobId; // the job the call ran in
 *
 * @module
 */
import { SaaSLLMClient } from '../client.js';
import type { WithJobOptions } from '../jobs/with-job.js';
import type { ClientOptions } from '../options/types.js';
import type { CreateJobParams } from '../schemas/requests.js';
import { SaasLiteLLMLanguageModel, type SaasLiteLLMModelSettings } from './language-model.js';

export { SaasLiteLLMLanguageModel };
export type { SaasLiteLLMCallOptions, SaasLiteLLMModelSettings } from './language-model.js';

/** A job for a whole conversation or tool loop: its models make every call inside it. */
export interface SaasLiteLLMJob {
  readonly jobId: string;
  /** A model whose calls go into this job. */
  model(modelId: string, settings?: Omit<SaasLiteLLMModelSettings, 'jobId'>): SaasLiteLLMLanguageModel;
}

/** The provider: call it with a model alias or group (`saas('sdk-chat')`) for a language model. */
export interface SaasLiteLLMProvider {
  (modelId: string, settings?: SaasLiteLLMModelSettings): SaasLiteLLMLanguageModel;
  languageModel(modelId: string, settings?: SaasLiteLLMModelSettings): SaasLiteLLMLanguageModel;
  /** The client the models call through (metrics, breaker state, `close()`). */
  readonly client: SaaSLLMClient;
  /**
   * Run `work` inside one job, completed `completed` when it returns and `failed` when it throws, exactly
   * once (the client's `withJob`): every call of its models is a call of that job. A streamed call inside
   * a job (`streamText`, or `generateText` with tools) needs the per-job stream route, which the deployed
   * server cannot serve yet; unbound models (`saas(id)`) stream through create-and-call.
   * @example
   * const summary = await saas.withJob('support', async (job) => {
   *   const { text } = await generateText({ model: job.model('sdk-chat'), prompt });
   *   return text;
   * });
   */
  withJob<T>(jobTypeOrParams: string | CreateJobParams, work: (job: SaasLiteLLMJob) => Promise<T> | T, options?: WithJobOptions): Promise<T>;
}

/** `{ client }` to share a client, or the client's own options to make one. */
export type SaasLiteLLMProviderSettings = { client: SaaSLLMClient } | ClientOptions;

/**
 * The AI SDK provider for a SaaS LiteLLM server.
 * @example
 * const saas = createSaasLiteLLM({ client });
 * const result = streamText({ model: saas('sdk-chat'), prompt: 'Write a haiku' });
 * return result.toUIMessageStreamResponse();
 */
export function createSaasLiteLLM(settings: SaasLiteLLMProviderSettings = {}): SaasLiteLLMProvider {
  // Duck-typed: a client from another copy of the SDK (the ESM and the browser build side by side) serves too.
  const client = 'client' in settings ? settings.client : new SaaSLLMClient(settings);
  const languageModel = (modelId: string, modelSettings?: SaasLiteLLMModelSettings) => new SaasLiteLLMLanguageModel(client, modelId, modelSettings);
  const provider = Object.assign((modelId: string, modelSettings?: SaasLiteLLMModelSettings) => languageModel(modelId, modelSettings), {
    languageModel,
    client,
    withJob: <T>(jobTypeOrParams: string | CreateJobParams, work: (job: SaasLiteLLMJob) => Promise<T> | T, options?: WithJobOptions) =>
      client.withJob(
        jobTypeOrParams,
        (handle) => work({ jobId: handle.job_id, model: (modelId, modelSettings) => languageModel(modelId, { ...modelSettings, jobId: handle.job_id }) }),
        options,
      ),
  });
  return provider;
}
