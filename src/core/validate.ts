/** Input checks: the one entry every method's arguments pass through before anything is sent. */
import type * as z from 'zod';
import { InvalidRequestError } from '../errors/index.js';
import type { Observer } from '../observability/observer.js';
import { toIssues } from './parse.js';

/**
 * Check `value` against `schema`; throw `InvalidRequestError` naming every bad field (prefixed with
 * `field` when the value is one argument), logged at `warn`.
 */
export function checkInput<S extends z.ZodType>(schema: S, value: unknown, operation: string, observer: Observer, field?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = toIssues(result.error).map((issue) => ({
    ...issue,
    path: field ? (issue.path === '(root)' ? field : `${field}.${issue.path}`) : issue.path,
  }));
  const summary = issues.map((issue) => `\`${issue.path}\` ${issue.message}`).join('; ');
  const error = new InvalidRequestError(`${operation}(): invalid input: ${summary}. Nothing was sent.`, { issues, operation });
  if (observer.logs('warn')) {
    observer.log('warn', `${operation}(): invalid input; nothing sent`, { operation, errorCode: error.code, issues: issues.map((issue) => issue.path) });
  }
  throw error;
}
