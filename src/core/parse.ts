import * as z from 'zod/mini';
import { ResponseValidationError } from '../errors/index.js';
import { describeCall } from '../observability/hooks.js';
import { issueText } from '../base/issue-text.js';
import { readBoundedText } from '../transport/read-body.js';
import type { AttemptResult } from '../policies/call.js';
import { summariseIssues, toIssues } from '../base/validate.js';

/**
 * A reader that parses a 2xx JSON body (at most `limit` bytes) and checks it against `schema`. A body it
 * cannot use still means the server did the work: the error says so (`sendState: 'ambiguous'`), names
 * the call, and carries the body with the key taken out.
 */
export function jsonReader<T>(schema: z.core.$ZodType<T>, limit: number, redact: (text: string) => string): (response: Response, attempt: AttemptResult) => Promise<T> {
  return async (response, { info, attempts }) => {
    // Every message names the call; built only when one is thrown (this runs on every response).
    const text = await readBoundedText(response, limit, () => ({ ...info, attempts, where: describeCall(info) }));
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ResponseValidationError(`${describeCall(info)}: the server answered ${response.status} (the request was processed) with a body that is not JSON.`, {
        ...info,
        attempts,
        sendState: 'ambiguous',
        issues: [{ path: '(root)', message: 'not JSON' }],
        body: redact(text),
      });
    }
    const result = z.safeParse(schema, body, { error: issueText });
    if (result.success) return result.data;
    const issues = toIssues(result.error);
    throw new ResponseValidationError(`${describeCall(info)}: the server's ${response.status} response (the request was processed) does not match the API schema (${redact(summariseIssues(issues))}).`, {
      ...info,
      attempts,
      sendState: 'ambiguous',
      issues: issues.map((issue) => ({ path: redact(issue.path), message: redact(issue.message) })),
      body: redact(text),
    });
  };
}
