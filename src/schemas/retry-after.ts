/**
 * The wire's way to ask for a wait (read where an error is classified, and where the retry loop plans its
 * next attempt): one parser below both.
 */

/**
 * Wait the server asked for: `retry-after-ms`, else `Retry-After` in seconds or as an HTTP date.
 * Returns undefined when absent or unparseable.
 */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
