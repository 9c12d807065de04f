/** The LLM call routes, plain and streamed (contract §5.5, 5.6, 5.9, 5.10). Every one is billed. */
import { ChatResponseSchema, CreateAndCallResponseSchema } from '../schemas/llm.js';
import { ChatInput, CreateAndCallInput } from '../schemas/requests.js';
import { endpoint, JOB_ID_PARAM as JOB_ID } from './endpoint.js';


export const chat = endpoint({
  operation: 'chat',
  method: 'POST',
  path: '/api/jobs/{job_id}/llm-call',
  timeout: 'llmCall',
  authenticated: true,
  safety: 'billed',
  input: ChatInput,
  pathParams: JOB_ID,
  body: 'rest',
  response: ChatResponseSchema,
});

export const chatStream = endpoint({
  operation: 'chatStream',
  method: 'POST',
  path: '/api/jobs/{job_id}/llm-call-stream',
  timeout: 'stream',
  authenticated: true,
  safety: 'billed',
  input: ChatInput,
  pathParams: JOB_ID,
  body: 'rest',
  response: 'event-stream',
});

export const createAndCall = endpoint({
  operation: 'createAndCall',
  method: 'POST',
  path: '/api/jobs/create-and-call',
  timeout: 'createAndCall',
  authenticated: true,
  safety: 'billed',
  input: CreateAndCallInput,
  body: 'rest+team',
  response: CreateAndCallResponseSchema,
});

export const createAndCallStream = endpoint({
  operation: 'createAndCallStream',
  method: 'POST',
  path: '/api/jobs/create-and-call-stream',
  timeout: 'stream',
  authenticated: true,
  safety: 'billed',
  input: CreateAndCallInput,
  body: 'rest+team',
  response: 'event-stream',
});
