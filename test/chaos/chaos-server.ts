/**
 * A loopback `node:http` server for the chaos suite: every request is relayed to an emulator, except
 * those to one target route, which get a socket-level fault (resets, cut chunks, stalls, trickles…)
 * that msw cannot fake. Records what reached the target and every `/complete`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
// Only types and node built-ins: the soak's server process loads this file with plain `node`.
import type { Emulator } from '../../src/testing/index.js';

const dataFrame = (payload: unknown) => `data: ${JSON.stringify(payload)}\n\n`;
/** The server's error frame (contract §7). */
const errorFrame = (message: string) => dataFrame({ error: message });

export interface ChaosContext {
  /** The request's `Authorization` header (for the faults that echo it). */
  authorization: string;
  /** Whether the target is a stream route (decides the content type a fault answers with). */
  stream: boolean;
  /** Timers the fault starts, cleared when the server closes. */
  later: (ms: number, run: () => void) => void;
  every: (ms: number, run: () => void) => void;
  /** What the emulator answers to this request (status, headers, whole body). */
  upstream: () => Promise<{ status: number; headers: Record<string, string>; body: Buffer }>;
}

export type SocketFault = (incoming: IncomingMessage, outgoing: ServerResponse, context: ChaosContext) => void;

export interface ChaosServer {
  url: string;
  /** Requests that got a fault. */
  readonly faulted: () => number;
  /** Every request that arrived. */
  readonly requests: () => number;
  /** Every `/complete` that was relayed (not faulted), in order. */
  readonly completions: Array<{ jobId: string; status: string }>;
  close(): Promise<void>;
}

/** Picks the fault for a request (undefined: relay it to the emulator). */
export type FaultChooser = (path: string) => SocketFault | undefined;

const chunk = (index: number) => dataFrame({ id: 'chatcmpl-chaos', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content: `w${index} ` }, finish_reason: null }] });
/** `k` content events, as the server relays an OpenAI stream. */
export const events = (k: number) => Array.from({ length: k }, (_, index) => chunk(index)).join('');
const SSE = { 'content-type': 'text/event-stream; charset=utf-8' };
const JSON_TYPE = { 'content-type': 'application/json' };
const reset = (socket: Socket | null) => socket?.resetAndDestroy();

/** The faults of issue #11, by name. Each answers the target request (or never does). */
export const FAULTS: Record<string, SocketFault> = {
  'reset before headers': (incoming) => reset(incoming.socket),
  'reset mid-body': (_incoming, outgoing, { stream }) => {
    outgoing.writeHead(200, stream ? SSE : JSON_TYPE);
    outgoing.write(stream ? events(2) : '{"job_id": "00000000-0000-4000-8000-', () => reset(outgoing.socket));
  },
  'half-written JSON': (_incoming, outgoing) => {
    const body = '{"job_id": "00000000-0000-4000-8000-000000000000", "status": "PENDING"}';
    outgoing.writeHead(200, { ...JSON_TYPE, 'content-length': String(body.length) });
    outgoing.write(body.slice(0, 30), () => outgoing.socket?.end());
  },
  'chunked cut mid-chunk': (_incoming, outgoing, { stream }) => {
    outgoing.writeHead(200, { ...(stream ? SSE : JSON_TYPE), 'transfer-encoding': 'chunked' });
    outgoing.flushHeaders();
    // Framing written by hand: a chunk that announces 100 bytes and carries 10.
    outgoing.socket?.write(`64\r\n${stream ? 'data: {"id' : '{"job_id":'}`, () => reset(outgoing.socket));
  },
  'headers never come': () => {},
  'body stalls': (_incoming, outgoing, { stream }) => {
    outgoing.writeHead(200, stream ? SSE : JSON_TYPE);
    outgoing.write(stream ? events(1) : '{"job_id": ');
  },
  'body trickles 1 byte / 500 ms': (_incoming, outgoing, { stream, every }) => {
    outgoing.writeHead(200, stream ? SSE : JSON_TYPE);
    const text = stream ? events(50) : '{"job_id": "00000000-0000-4000-8000-000000000000", "status": "PENDING"}';
    let offset = 0;
    every(500, () => {
      if (offset < text.length && !outgoing.destroyed) outgoing.write(text[offset++] as string);
    });
  },
  'SSE cut after 3 events': (_incoming, outgoing) => {
    outgoing.writeHead(200, SSE);
    outgoing.write(events(3), () => reset(outgoing.socket));
  },
  'SSE clean EOF before the end': (_incoming, outgoing) => {
    outgoing.writeHead(200, SSE);
    outgoing.end(events(3));
  },
  'SSE stalls': (_incoming, outgoing) => {
    outgoing.writeHead(200, SSE);
    outgoing.write(events(3));
  },
  'SSE error frame': (_incoming, outgoing) => {
    outgoing.writeHead(200, SSE);
    outgoing.end(events(2) + errorFrame('500: Failed to call provider API: upstream broke'));
  },
  '200 text/html': (_incoming, outgoing) => {
    outgoing.writeHead(200, { 'content-type': 'text/html' });
    outgoing.end('<html><body>Maintenance</body></html>');
  },
  '200 event stream as application/json': (_incoming, outgoing) => {
    outgoing.writeHead(200, JSON_TYPE);
    outgoing.end(`${events(3)}data: [DONE]\n\n`);
  },
  '12 MB body': (_incoming, outgoing, { stream }) => {
    outgoing.writeHead(200, stream ? SSE : JSON_TYPE);
    const piece = Buffer.alloc(64 * 1024, 'x');
    outgoing.write(stream ? 'data: {"x": "' : '{"detail": "');
    let written = 0;
    const pump = () => {
      while (written < 12 * 1024 * 1024 && !outgoing.destroyed) {
        written += piece.length;
        if (!outgoing.write(piece)) return void outgoing.once('drain', pump);
      }
      if (!outgoing.destroyed) outgoing.end('"}\n\n');
    };
    pump();
  },
  'invalid UTF-8': (_incoming, outgoing, { stream, upstream }) => {
    // The real answer, with two bytes that are not UTF-8 put into it.
    const bad = Buffer.from([0xff, 0xfe]);
    void upstream().then(({ status, headers, body }) => {
      outgoing.writeHead(status, headers);
      if (stream) {
        const prefix = 'data: {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": [{"index": 0, "delta": {"content": "Hi';
        outgoing.end(Buffer.concat([Buffer.from(prefix), bad, Buffer.from('"}, "finish_reason": null}]}\n\n'), body]));
        return;
      }
      outgoing.end(Buffer.concat([Buffer.from('{"note": "'), bad, Buffer.from('", '), body.subarray(1)]));
    });
  },
  'gzip-declared garbage': (_incoming, outgoing, { stream }) => {
    outgoing.writeHead(200, { ...(stream ? SSE : JSON_TYPE), 'content-encoding': 'gzip' });
    outgoing.end(Buffer.from('this is not gzip at all, just bytes'));
  },
  '429 with Retry-After': (_incoming, outgoing) => {
    outgoing.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '1', 'retry-after-ms': '20' });
    outgoing.end('Too Many Requests');
  },
  '503 storm': (_incoming, outgoing) => {
    outgoing.writeHead(503, { 'content-type': 'text/html' });
    outgoing.end('<html><title>503 Service Unavailable</title></html>');
  },
  'server echoes Authorization': (_incoming, outgoing, { stream, authorization }) => {
    if (stream) {
      outgoing.writeHead(200, { ...SSE, 'x-echo': authorization });
      outgoing.end(events(1) + errorFrame(`upstream rejected ${authorization}`));
      return;
    }
    outgoing.writeHead(400, { ...JSON_TYPE, 'x-echo': authorization });
    outgoing.end(JSON.stringify({ detail: `Bad request with ${authorization}` }));
  },
};

/** Serve `emulator`, with the fault `choose` picks for each request. */
export async function startChaosServer(emulator: Emulator, choose: FaultChooser): Promise<ChaosServer> {
  const timers: NodeJS.Timeout[] = [];
  const completions: Array<{ jobId: string; status: string }> = [];
  let hits = 0;
  let requests = 0;
  const server = createServer((incoming, outgoing) => {
    const path = (incoming.url ?? '/').split('?')[0] as string;
    const body: Buffer[] = [];
    incoming.on('data', (piece: Buffer) => body.push(piece));
    incoming.on('end', () => {
      requests += 1;
      const fault = choose(path);
      if (fault !== undefined) {
        hits += 1;
        fault(incoming, outgoing, {
          authorization: incoming.headers.authorization ?? '',
          stream: path.endsWith('-stream'),
          later: (ms, run) => void timers.push(setTimeout(run, ms)),
          every: (ms, run) => void timers.push(setInterval(run, ms)),
          upstream: async () => {
            const response = await emulator.fetch(toRequest(incoming, Buffer.concat(body)));
            return { status: response.status, headers: Object.fromEntries(response.headers), body: Buffer.from(await response.arrayBuffer()) };
          },
        });
        return;
      }
      const bytes = Buffer.concat(body);
      if (path.endsWith('/complete')) completions.push({ jobId: path.split('/')[3] as string, status: String((JSON.parse(bytes.toString()) as { status?: string }).status) });
      void relay(emulator, incoming, outgoing, bytes);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    faulted: () => hits,
    requests: () => requests,
    completions,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function toRequest(incoming: IncomingMessage, body: Buffer): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') headers.set(name, value);
  return new Request(`http://127.0.0.1${incoming.url ?? '/'}`, { method: incoming.method ?? 'GET', headers, ...(body.length > 0 ? { body: new Uint8Array(body) } : {}) });
}

async function relay(emulator: Emulator, incoming: IncomingMessage, outgoing: ServerResponse, body: Buffer): Promise<void> {
  const response = await emulator.fetch(toRequest(incoming, body));
  outgoing.writeHead(response.status, Object.fromEntries(response.headers));
  outgoing.end(Buffer.from(await response.arrayBuffer()));
}
