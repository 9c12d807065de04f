import * as z from 'zod/mini';
import { InvalidRequestError } from '../errors/index.js';

/** Job status as responses spell it (UPPERCASE). `CANCELLED` exists but no route sets it. */
export const JobStatusSchema = z.lazy(() => z.enum(['PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'CANCELLED']));
export type JobStatus = z.infer<typeof JobStatusSchema>;

/** Status accepted by `/complete` (lowercase only on the wire). */
export const CompleteStatusSchema = z.lazy(() => z.enum(['completed', 'failed']));
export type CompleteStatus = z.infer<typeof CompleteStatusSchema>;

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * The server sends two formats: `2025-10-14T12:05:23Z` and the naive `2025-10-14T12:05:23.123456`
 * (UTC without a zone). Both are kept as strings; {@link parseTimestamp} turns either into a Date.
 */
export const TimestampSchema = z.lazy(() => z.string().check(z.regex(TIMESTAMP, 'expected an ISO-8601 timestamp')));

export const MetadataSchema = z.lazy(() => z.record(z.string(), z.unknown()));
export type Metadata = z.infer<typeof MetadataSchema>;

/**
 * Parse either server timestamp format; a timestamp without a zone is UTC.
 *
 * @example
 * parseTimestamp('2026-11-22T04:31:54.166398').toISOString(); // '2026-11-22T04:31:54.166Z'
 */
export function parseTimestamp(timestamp: string): Date {
  if (typeof timestamp !== 'string') {
    throw new InvalidRequestError('parseTimestamp(): `timestamp` must be a string (an ISO 8601 time from the API).', { operation: 'parseTimestamp', issues: [{ path: 'timestamp', message: 'must be a string' }] });
  }
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(timestamp);
  return new Date(hasZone ? timestamp : `${timestamp}Z`);
}

/** A job id as the server returns it: every later call on the job needs a UUID, so anything else is refused at once. */
export const ReturnedJobIdSchema = z.lazy(() => z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'is not a UUID, so the job could never be called or completed')));
