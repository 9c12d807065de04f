/** Input checks: the one entry every method's arguments pass through before anything is sent. */
import * as z from 'zod/mini';
import { InvalidRequestError } from '../errors/index.js';
import type { Observer } from '../observability/observer.js';
import { issueText } from './issue-text.js';
import { toIssues } from './parse.js';

/**
 * Check `value` against `schema`; throw `InvalidRequestError` naming every bad field (prefixed with
 * `field` when the value is one argument), logged at `warn`.
 */
export function checkInput<S extends z.core.$ZodType>(schema: S, value: unknown, operation: string, observer: Observer | undefined, field?: string): z.output<S> {
  let result: ReturnType<typeof z.safeParse<S>>;
  try {
    result = z.safeParse(schema, value, { error: issueText });
  } catch (error) {
    // A cycle or nesting past the stack: the value cannot be sent either.
    const reason = error instanceof RangeError ? 'it is nested too deeply or refers to itself' : String(error);
    throw new InvalidRequestError(`${operation}(): invalid input: ${field ?? 'the input'} cannot be checked (${reason}). Nothing was sent.`, {
      issues: [{ path: field ?? '(root)', message: reason }],
      operation,
    });
  }
  if (result.success) return result.data;
  const issues = toIssues(result.error).map((issue) => ({
    ...issue,
    path: field ? (issue.path === '(root)' ? field : `${field}.${issue.path}`) : issue.path,
  }));
  const summary = issues.map((issue) => `\`${issue.path}\` ${issue.message}`).join('; ');
  const error = new InvalidRequestError(`${operation}(): invalid input: ${summary}. Nothing was sent.`, { issues, operation });
  if (observer?.logs('warn')) {
    observer.log('warn', `${operation}(): invalid input; nothing sent`, { operation, errorCode: error.code, issues: issues.map((issue) => issue.path) });
  }
  throw error;
}
