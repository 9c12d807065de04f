/**
 * What the server's own words mean. Every team-facing error is a string `detail` (contract §11); these
 * patterns pick the class and decide whether a repeat can help and whether the work may have happened.
 */
import type { SendState } from '../errors/index.js';

/** 500s whose text says the failure is configuration, not load: a repeat cannot help. */
const PERMANENT_SERVER_FAILURES = [/No provider credentials configured/i, /authentication failed/i];
export const TEAM_INACTIVE = /^Team access is (\w+)\./;
export const MODEL_DENIED = /does not have access to model (?:alias|group) '([^']*)'/;
export const MODEL_GROUP_UNUSABLE = /^(?:Model group '([^']*)' not found or inactive|No active models configured for group '([^']*)')/;
/** About running out of credits (not "Cannot access credit balance for a different team"). */
const CREDITS = /insufficient credits|not enough credits|out of credits|no credits|credit limit|credits? (?:exhausted|required)/i;
const RETRYABLE_STATUSES = new Set([408, 429, 502, 503, 504]);
const EDGE_STATUSES = new Set([502, 503, 504]);

/** Whether a status (with the server's detail) may succeed if repeated. */
export function isRetryableStatus(status: number, detail: string | undefined): boolean {
  if (RETRYABLE_STATUSES.has(status)) return true;
  if (status === 500) return !PERMANENT_SERVER_FAILURES.some((pattern) => detail !== undefined && pattern.test(detail));
  return false;
}

/**
 * The server records a failed, uncharged call before answering `LLM call failed`; the edge statuses never
 * reach the app. Any other 5xx may have happened after the work was done.
 */
export function sendStateOf(status: number, detail: string | undefined): SendState {
  if (status >= 500 && !EDGE_STATUSES.has(status)) {
    return detail?.startsWith('LLM call failed') ? 'refused' : 'ambiguous';
  }
  return 'refused';
}

/** A 402, or a 403 about credits (a suspended team's 403 is not). */
export function isAboutCredits(status: number, detail: string | undefined): boolean {
  if (status === 402) return true;
  return status === 403 && detail !== undefined && CREDITS.test(detail) && !TEAM_INACTIVE.test(detail);
}

/** The model name in a 403 about model access, or undefined when the 403 is about something else. */
export function deniedModel(detail: string | undefined): { model: string | undefined } | undefined {
  const match = detail?.match(MODEL_DENIED) ?? detail?.match(MODEL_GROUP_UNUSABLE);
  return match ? { model: match[1] ?? match[2] } : undefined;
}

/** The deployed server's per-job stream route fails every call with this error frame (contract §5.6). */
const JOB_STREAM_BROKEN = /does not support the asynchronous context manager protocol/;

/** What to do about a server text that has a known way around, to append to the error's message. */
export function serverTextHint(detail: string): string | undefined {
  if (JOB_STREAM_BROKEN.test(detail)) {
    return " This is the deployed server's per-job stream route (/api/jobs/{job_id}/llm-call-stream), which cannot stream yet: use createAndCallStream, or chat inside the job. In tests, createEmulator({ jobStreamRoute: 'fixed' }) (saas-litellm-mock --job-stream fixed) streams as the route will once it is fixed.";
  }
  return undefined;
}

