/** Request id from response headers, if the server or a proxy sent one. */
export function readRequestId(headers: Headers): string | undefined {
  return headers.get('x-request-id') ?? headers.get('request-id') ?? undefined;
}

/** The response's headers, or a copy without the key where one echoes it (a proxy reflecting `Authorization`). */
export function redactHeaders(headers: Headers, redact: (text: string) => string): Headers {
  let copy: Headers | undefined;
  for (const [name, value] of headers) {
    const clean = redact(value);
    if (clean !== value) (copy ??= new Headers(headers)).set(name, clean);
  }
  return copy ?? headers;
}
