/**
 * ky as a bare transport: one request in, one Response out. Its own retry and timeout are off (the SDK's
 * policies own those) and it never throws for a status (classify does).
 */
import ky from 'ky';
import type { FetchLike } from '../options/types.js';

export interface TransportRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal;
}

export type Transport = (request: TransportRequest) => Promise<Response>;

export function createKyTransport(fetch: FetchLike): Transport {
  const http = ky.create({ retry: 0, timeout: false, throwHttpErrors: false, fetch });
  return ({ url, method, headers, body, signal }) => http(url, { method, headers, body: body ?? null, signal });
}
