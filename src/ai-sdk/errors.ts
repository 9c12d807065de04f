/**
 * The SDK's typed errors as the AI SDK's `APICallError`, the SDK's error as its `cause`. Never retryable
 * to the AI SDK: the SDK already retried what was safe to retry (with its budget, breaker and deadline),
 * and a second retry loop around the first would multiply the requests (and, for a billed call whose
 * answer was lost, the charges). Whether a later repeat could work is on `data.retryable`.
 */
import { APICallError } from '@ai-sdk/provider';
import { APIError, SaaSLLMError } from '../errors/index.js';

/** Response headers worth passing on; the others could carry what a proxy echoed back (the key). */
const SAFE_HEADERS = ['content-type', 'retry-after', 'retry-after-ms', 'x-request-id'];

export function toAICallError(error: unknown, url: string, requestBodyValues: unknown): unknown {
  if (!(error instanceof SaaSLLMError)) return error;
  const responseHeaders = error instanceof APIError ? Object.fromEntries(SAFE_HEADERS.flatMap((name) => (error.headers.has(name) ? [[name, error.headers.get(name) as string]] : []))) : undefined;
  return new APICallError({
    message: error.message,
    url,
    requestBodyValues,
    ...(error instanceof APIError && error.status !== undefined ? { statusCode: error.status } : {}),
    ...(responseHeaders === undefined ? {} : { responseHeaders }),
    ...(error instanceof APIError ? { responseBody: error.body } : {}),
    cause: error,
    isRetryable: false,
    data: { name: error.name, code: error.code, retryable: error.retryable, sendState: error.sendState, requestId: error.requestId, jobId: error.jobId },
  });
}
