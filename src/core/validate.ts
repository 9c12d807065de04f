import type * as z from 'zod';
import { InvalidRequestError } from '../errors.js';
import { toIssues } from './parse.js';

/** Check input before anything is sent; throw `InvalidRequestError` naming every bad field. */
export function validateInput<S extends z.ZodType>(schema: S, value: unknown, operation: string, field?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = toIssues(result.error).map((issue) => ({
    ...issue,
    path: field ? (issue.path === '(root)' ? field : `${field}.${issue.path}`) : issue.path,
  }));
  const summary = issues.map((issue) => `\`${issue.path}\` ${issue.message}`).join('; ');
  throw new InvalidRequestError(`${operation}(): invalid input: ${summary}. Nothing was sent.`, { issues, operation });
}
