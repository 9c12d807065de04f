/**
 * `saas-litellm/testing/server` (Node only): the emulator on a real loopback HTTP server, for clients
 * that do not take a `fetch` (browsers, curl, other languages) and for tests that need real sockets.
 * Listens on 127.0.0.1, port 0 by default. The `saas-litellm-mock` command serves it from a shell.
 * @module saas-litellm/testing/server
 */
import http from 'node:http';
import type { Emulator } from './emulator.js';

export interface EmulatorServer {
  /** `http://127.0.0.1:<port>`: pass it as `baseUrl`. */
  url: string;
  /** Stop listening and drop open connections. */
  close(): Promise<void>;
}

/**
 * @example
 * const server = await startEmulatorServer(createEmulator());
 * const client = new SaaSLLMClient({ baseUrl: server.url, teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY });
 * // ...
 * await server.close();
 */
export async function startEmulatorServer(emulator: Emulator, options: { port?: number; host?: string } = {}): Promise<EmulatorServer> {
  const host = options.host ?? '127.0.0.1';
  const server = http.createServer((incoming, outgoing) => {
    void relay(emulator, incoming, outgoing);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Incoming = http.IncomingMessage;
type Outgoing = http.ServerResponse;

async function relay(emulator: Emulator, incoming: Incoming, outgoing: Outgoing): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) headers.set(name, value.join(', '));
  }
  const hasBody = incoming.method !== 'GET' && incoming.method !== 'HEAD' && chunks.length > 0;
  const request = new Request(`http://${incoming.headers.host ?? '127.0.0.1'}${incoming.url ?? '/'}`, {
    method: incoming.method ?? 'GET',
    headers,
    ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
  });
  let response: Response;
  try {
    response = await emulator.fetch(request);
  } catch {
    // A network fault: the connection just dies.
    incoming.socket.destroy();
    return;
  }
  outgoing.writeHead(response.status, Object.fromEntries(response.headers));
  outgoing.flushHeaders();
  if (response.body === null) {
    outgoing.end();
    return;
  }
  const reader = response.body.getReader();
  // The client went away: stop producing (a stalled stream's timer included).
  outgoing.on('close', () => {
    if (!outgoing.writableFinished) reader.cancel().catch(() => {});
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // Wait for each write to reach the socket, so a later reset does not discard it.
      await new Promise<void>((resolve) => outgoing.write(value, () => resolve()));
    }
    outgoing.end();
  } catch {
    // The body failed mid-way (dropStreamAfter): close the connection without ending the chunked body.
    // A FIN, not a reset: a reset would make the client's kernel discard bytes it had not read yet.
    outgoing.socket?.end();
  }
}
