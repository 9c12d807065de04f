import type * as z from 'zod';
import { ResponseValidationError, type InputIssue } from '../errors/index.js';
import type { AttemptResult } from './request.js';

/** Turn zod issues into `{ path, message }` pairs. */
export function toIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/** The first few issues in one line, for a message. */
export function summariseIssues(issues: InputIssue[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => `${issue.path}: ${issue.message}`)
    .join('; ');
}

/** A reader that parses a 2xx JSON body and checks it against `schema`. */
export function jsonReader<T>(schema: z.ZodType<T>): (response: Response, attempt: AttemptResult) => Promise<T> {
  return async (response, { info, attempts }) => {
    const text = await response.text();
    const where = () => `${info.operation}() ${info.method} ${info.endpoint}`;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ResponseValidationError(`${where()}: the server answered ${response.status} with a body that is not JSON.`, {
        ...info,
        attempts,
        issues: [{ path: '(root)', message: 'not JSON' }],
        body: text,
      });
    }
    const result = schema.safeParse(body);
    if (result.success) return result.data;
    const issues = toIssues(result.error);
    throw new ResponseValidationError(`${where()}: the server's ${response.status} response does not match the API schema (${summariseIssues(issues)}).`, {
      ...info,
      attempts,
      issues,
      body: text,
    });
  };
}
