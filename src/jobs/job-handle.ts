import type * as z from 'zod/mini';
import type { Observer } from '../observability/observer.js';
import type { Completions } from './completions.js';
import type { JobLifecycle } from './with-job.js';
import type { ChatStream } from '../streaming/chat-stream.js';
import type { RequestOptions, StreamOptions, StructuredOutputOptions } from '../options/types.js';
import type { Metadata } from '../schemas/common.js';
import type { CreateJobResponse, UpdateMetadataResponse } from '../schemas/jobs.js';
import type { ChatResponse } from '../schemas/llm.js';
import type { ChatParams, StructuredParams } from '../schemas/requests.js';

/** The job `withJob` hands to its work: the created job, with the per-job calls bound to its id. */
export interface JobHandle extends CreateJobResponse {
  chat(params: ChatParams, options?: RequestOptions): Promise<ChatResponse>;
  chatStream(params: ChatParams, options?: StreamOptions): Promise<ChatStream>;
  structuredOutput<S extends z.core.$ZodType>(params: StructuredParams, schema: S, options?: StructuredOutputOptions): Promise<z.output<S>>;
  updateMetadata(metadata: Metadata, options?: RequestOptions): Promise<UpdateMetadataResponse>;
}

/** The per-job methods of a client. */
export interface JobCalls {
  chat(jobId: string, params: ChatParams, options?: RequestOptions): Promise<ChatResponse>;
  chatStream(jobId: string, params: ChatParams, options?: StreamOptions): Promise<ChatStream>;
  structuredOutput<S extends z.core.$ZodType>(jobId: string, params: StructuredParams, schema: S, options?: StructuredOutputOptions): Promise<z.output<S>>;
  updateJobMetadata(jobId: string, metadata: Metadata, options?: RequestOptions): Promise<UpdateMetadataResponse>;
}

export function jobHandle(job: CreateJobResponse, client: JobCalls): JobHandle {
  const jobId = job.job_id;
  return {
    ...job,
    chat: (params, options) => client.chat(jobId, params, options),
    chatStream: (params, options) => client.chatStream(jobId, params, options),
    structuredOutput: (params, schema, options) => client.structuredOutput(jobId, params, schema, options),
    updateMetadata: (metadata, options) => client.updateJobMetadata(jobId, metadata, options),
  };
}

/** What `withJob` and a stream's auto-fail need from a client. */
export function jobLifecycle(
  client: JobCalls & Pick<JobLifecycle<JobHandle>, 'checkCredits' | 'createJob'>,
  completions: Pick<Completions, 'completeOnce'>,
  observer: Observer,
): JobLifecycle<JobHandle> {
  return {
    checkCredits: (needed) => client.checkCredits(needed),
    createJob: (params) => client.createJob(params),
    completeOnce: (jobId, status, errorMessage) => completions.completeOnce(jobId, status, errorMessage),
    handle: (job) => jobHandle(job, client),
    observer,
  };
}
