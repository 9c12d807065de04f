/** Response builders that reproduce the server's exact wire format. */

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** FastAPI's `{"detail": "..."}`. */
export function detail(status: number, text: string): Response {
  return json(status, { detail: text });
}

/** Starlette's answer to an unhandled exception: plain text, not JSON. */
export function plainTextServerError(): Response {
  return new Response('Internal Server Error', { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/** `2026-11-22T04:31:54Z`: what to_dict() outputs use. */
export function zTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** `2026-11-22T04:31:54.166000`: naive, microseconds, no zone (yet UTC). */
export function naiveTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000`;
}
