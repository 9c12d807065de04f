import type * as z from 'zod';
import type { ChatStream } from '../streaming/chat-stream.js';
import type { RequestOptions, StreamOptions } from '../options/types.js';
import type { Metadata } from '../schemas/common.js';
import type { CreateJobResponse, UpdateMetadataResponse } from '../schemas/jobs.js';
import type { ChatResponse } from '../schemas/llm.js';
import type { ChatParams } from '../schemas/requests.js';

/** The job `withJob` hands to its work: the created job, with the per-job calls bound to its id. */
export interface JobHandle extends CreateJobResponse {
  chat(params: ChatParams, options?: RequestOptions): Promise<ChatResponse>;
  chatStream(params: ChatParams, options?: StreamOptions): Promise<ChatStream>;
  structuredOutput<S extends z.ZodType>(
    params: Omit<ChatParams, 'response_format'>,
    schema: S,
    options?: RequestOptions & { schemaName?: string },
  ): Promise<z.output<S>>;
  updateMetadata(metadata: Metadata, options?: RequestOptions): Promise<UpdateMetadataResponse>;
}

/** The per-job methods of a client. */
export interface JobCalls {
  chat(jobId: string, params: ChatParams, options?: RequestOptions): Promise<ChatResponse>;
  chatStream(jobId: string, params: ChatParams, options?: StreamOptions): Promise<ChatStream>;
  structuredOutput<S extends z.ZodType>(
    jobId: string,
    params: Omit<ChatParams, 'response_format'>,
    schema: S,
    options?: RequestOptions & { schemaName?: string },
  ): Promise<z.output<S>>;
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
