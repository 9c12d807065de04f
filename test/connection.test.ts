import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionError, InvalidRequestError, SaaSLLMClient } from '../src/index.js';
import { REFUSES_REDIRECTS, rejectionOf } from './helpers.js';

// No msw here: these talk to real sockets on 127.0.0.1.
let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

function client(baseUrl: string) {
  return new SaaSLLMClient({ baseUrl, teamId: 't', virtualKey: 'sk-secret-connection', retry: false, circuitBreaker: false });
}

describe('connection failures', () => {
  it('a refused connection → ConnectionError that was not sent, naming the URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await rejectionOf(client(`http://127.0.0.1:${port}`).health(), ConnectionError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'connection_error', retryable: true, sendState: 'not-sent', ambiguous: false });
    expect(error.message).toContain(`no response from http://127.0.0.1:${port} (ECONNREFUSED)`);
  });

  it('a port the fetch standard blocks (bad port) is InvalidRequestError at once, not four connection attempts', async () => {
    const error = await rejectionOf(
      new SaaSLLMClient({ baseUrl: 'http://127.0.0.1:1', teamId: 't', virtualKey: 'sk-secret-connection', retry: { maxRetries: 3, baseDelayMs: 1 } }).health(),
      InvalidRequestError,
    );
    expect(error.attempts).toBe(1);
    expect(error.message).toContain('port is one the fetch standard blocks');
  });

  // Through the runtime's own fetch on undici 7.23 and later (Node 24; transport/ky.ts says why not before).
  it.runIf(REFUSES_REDIRECTS)('a redirect is not followed and not retried: ConnectionError naming baseUrl, one request seen, none at the target', async () => {
    const seen: string[] = [];
    server = createServer((request, response) => {
      seen.push(`${request.method} ${request.url}`);
      response.writeHead(request.url === '/health' ? 301 : 307, { location: '/elsewhere' + request.url }).end();
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const sdk = new SaaSLLMClient({ baseUrl: `http://127.0.0.1:${port}`, teamId: 't', virtualKey: 'sk-secret-connection', retry: { maxRetries: 3, baseDelayMs: 1 } });
    const params = { job_type: 'chat', model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };
    for (const call of [() => sdk.health(), () => sdk.createJob({ job_type: 'chat' }), () => sdk.createAndCallStream(params)]) {
      seen.length = 0;
      const error = await rejectionOf(call(), ConnectionError);
      expect(error).toMatchObject({ retryable: false, sendState: 'refused', ambiguous: false, attempts: 1 });
      expect(error.message).toContain(`http://127.0.0.1:${port} answered with a redirect, which the SDK does not follow`);
      expect(error.message).toContain('Set `baseUrl`');
      expect(seen).toHaveLength(1);
      expect(seen[0]).not.toContain('/elsewhere');
    }
    sdk.close();
  });

  it.skipIf(REFUSES_REDIRECTS)('before undici 7.23 (Node 22) the runtime follows a redirect as it always did', async () => {
    const seen: string[] = [];
    server = createServer((request, response) => {
      seen.push(request.url ?? '');
      if (request.url === '/health') response.writeHead(307, { location: '/moved/health' }).end();
      else response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"healthy","service":"saas-api"}');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await expect(client(`http://127.0.0.1:${port}`).health()).resolves.toMatchObject({ status: 'healthy' });
    expect(seen).toEqual(['/health', '/moved/health']);
  });

  it("a fetch of your own gets the request with fetch's default redirect handling", async () => {
    const inits: RequestInit[] = [];
    const sdk = new SaaSLLMClient({
      baseUrl: 'http://127.0.0.1:9',
      teamId: 't',
      virtualKey: 'sk-secret-connection',
      fetch: async (_input, init) => {
        inits.push(init ?? {});
        return new Response('{"status":"healthy","service":"saas-api"}', { headers: { 'content-type': 'application/json' } });
      },
    });
    await sdk.health();
    expect(inits).toHaveLength(1);
    expect(inits[0]).not.toHaveProperty('redirect');
    expect(inits[0]).not.toHaveProperty('window');
    sdk.close();
  });

  it('a connection reset after the request was written → ambiguous ConnectionError', async () => {
    server = createServer((request) => request.socket.destroy());
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const error = await rejectionOf(client(`http://127.0.0.1:${port}`).getCreditBalance(), ConnectionError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.ambiguous).toBe(true);
    expect(error.message).not.toContain('sk-secret-connection');
  });
});
