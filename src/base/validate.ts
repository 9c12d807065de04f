/** Input checks: the one entry every method's arguments pass through before anything is sent. */
import * as z from 'zod/mini';
import { InvalidRequestError, type InputIssue } from '../errors/index.js';
import { issueText } from './issue-text.js';

/** Turn zod issues into `{ path, message }` pairs. */
export function toIssues(error: z.core.$ZodError): InputIssue[] {
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

/** Where a refused input is logged (the client's Observer, or nothing): only what checking needs of it. */
export interface InputLog {
  logs(level: 'warn'): boolean;
  log(level: 'warn', message: string, fields: { operation: string; errorCode: string; issues: string[] }): void;
}

/**
 * Check `value` against `schema`; throw `InvalidRequestError` naming every bad field (prefixed with
 * `field` when the value is one argument), logged at `warn`.
 */
export function checkInput<S extends z.core.$ZodType>(schema: S, value: unknown, operation: string, observer: InputLog | undefined, field?: string): z.output<S> {
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
