/** The job routes (contract §5.2–5.4, 5.7, 5.8). */
import { CompleteJobResponseSchema, CreateJobResponseSchema, JobCostsSchema, JobSchema, UpdateMetadataResponseSchema } from '../schemas/jobs.js';
import { CompleteJobInput, CreateJobInput, JobInput, UpdateMetadataInput } from '../schemas/requests.js';
import { endpoint, JOB_ID_PARAM as JOB_ID } from './endpoint.js';

const JOB = '/api/jobs/{job_id}';

export const createJob = endpoint({
  operation: 'createJob',
  method: 'POST',
  path: '/api/jobs/create',
  timeout: 'create',
  authenticated: true,
  // Not idempotent on the server, but a repeat can only leave an orphan PENDING job, which is never charged.
  safety: 'idempotent-write',
  input: CreateJobInput,
  body: 'rest+team',
  response: CreateJobResponseSchema,
});

export const getJob = endpoint({
  operation: 'getJob',
  method: 'GET',
  path: JOB,
  timeout: 'get',
  authenticated: true,
  safety: 'read',
  input: JobInput,
  pathParams: JOB_ID,
  response: JobSchema,
});

export const updateJobMetadata = endpoint({
  operation: 'updateJobMetadata',
  method: 'PATCH',
  path: `${JOB}/metadata`,
  timeout: 'default',
  authenticated: true,
  safety: 'idempotent-write',
  input: UpdateMetadataInput,
  pathParams: JOB_ID,
  body: 'rest',
  response: UpdateMetadataResponseSchema,
});

export const completeJob = endpoint({
  operation: 'completeJob',
  method: 'POST',
  path: `${JOB}/complete`,
  timeout: 'complete',
  authenticated: true,
  safety: 'lifecycle',
  input: CompleteJobInput,
  pathParams: JOB_ID,
  body: 'rest',
  response: CompleteJobResponseSchema,
});

export const getJobCosts = endpoint({
  operation: 'getJobCosts',
  method: 'GET',
  path: `${JOB}/costs`,
  timeout: 'get',
  authenticated: true,
  safety: 'read',
  input: JobInput,
  pathParams: JOB_ID,
  response: JobCostsSchema,
});
