/**
 * Words for a zod issue that its schema gave no message of its own. zod/mini ships without a locale (its
 * default text is "Invalid input"); the SDK passes this map to each parse instead of configuring zod
 * globally, which would change the messages of the caller's own schemas too.
 */
import type * as z from 'zod/mini';

const A: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  record: 'an object',
  null: 'null',
  bigint: 'a bigint',
  date: 'a date',
};

const UNITS: Record<string, string> = { string: ' characters', array: ' items', set: ' items' };

function bound(origin: string, limit: number | bigint, inclusive: boolean | undefined, side: 'least' | 'most'): string {
  const unit = UNITS[origin] ?? '';
  if (inclusive === false) return `must be ${side === 'least' ? 'more' : 'less'} than ${limit}${unit}`;
  return origin === 'array' || origin === 'set' ? `must have at ${side} ${limit}${unit}` : `must be at ${side} ${limit}${unit}`;
}

export const issueText: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${A[issue.expected] ?? issue.expected}`;
    case 'too_small':
      return bound(issue.origin, issue.minimum, issue.inclusive, 'least');
    case 'too_big':
      return bound(issue.origin, issue.maximum, issue.inclusive, 'most');
    case 'invalid_value':
      return `must be ${issue.values.map((value) => JSON.stringify(value)).join(', or ')}`;
    case 'invalid_format':
      return `is not a valid ${issue.format}`;
    case 'invalid_union':
      return 'does not match any allowed form';
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    default:
      return 'is invalid';
  }
};
