/** Relaying a stream: `toEventStream()` in a Node route, HTTP on a real socket, `ChatStream.fromEventStream()` on the other side. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatStream, InvalidRequestError, StreamError, StreamInterruptedError } from '../src/index.js';
import { createEmulator, dropStreamAfter, errorFrame, TEST_VIRTUAL_KEY, type Fault } from '../src/testing/index.js';
import { clientOn, hello, rejectionOf } from './helpers.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A Node route that streams an answer from the emulator and relays it; `cutAfter` bytes, then the socket dies. */
async function relayServer(faults: Fault[] = [], options: { cutAfterBytes?: number; reply?: () => { content: string; toolCalls?: Array<{ name: string; arguments: Record<string, unknown> }> } } = {}) {
  const emulator = createEmulator({ jobStreamRoute: 'fixed', faults, ...(options.reply ? { reply: options.reply } : {}) });
  const client = clientOn(emulator);
  server = createServer((_request, response) => {
    void (async () => {
      const stream = await client.createAndCallStream({ job_type: 'relay', model: 'sdk-claude', messages: hello });
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      let sent = 0;
      for await (const bytes of Readable.fromWeb(stream.toEventStream() as never) as AsyncIterable<Buffer>) {
        if (options.cutAfterBytes !== undefined && sent + bytes.length > options.cutAfterBytes) {
          response.write(bytes.subarray(0, options.cutAfterBytes - sent), () => response.socket?.end());
          return;
        }
        sent += bytes.length;
        response.write(bytes);
      }
      response.end();
    })();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('relay: toEventStream → HTTP → ChatStream.fromEventStream', () => {
  it('the answer arrives whole, with the same helpers', async () => {
    const url = await relayServer();
    const stream = ChatStream.fromEventStream((await fetch(url)).body!);
    expect(await stream.text()).toBe('Hello from the fake upstream. You said: Say hello to the SDK');
    expect(stream.finishReason).toBe('stop');
    expect(stream.usage).toEqual({ prompt_tokens: 5, completion_tokens: 16, total_tokens: 21 });
  });

  it('tool calls survive the relay', async () => {
    const url = await relayServer([], { reply: () => ({ content: 'Checking. ', toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] }) });
    const stream = ChatStream.fromEventStream(await fetch(url));
    await stream.text();
    expect(stream.toolCalls).toEqual([{ id: 'call_0', name: 'get_weather', arguments: '{"city":"Paris"}' }]);
    expect(stream.finishReason).toBe('tool_calls');
  });

  it('a failed upstream arrives as one error frame: StreamError with the partial answer, no key', async () => {
    const url = await relayServer([errorFrame(`provider refused ${TEST_VIRTUAL_KEY}`, { after: 5 })]);
    const error = await rejectionOf(ChatStream.fromEventStream((await fetch(url)).body!).text(), StreamError);
    expect(error.detail).toContain('StreamError');
    expect(error.partialContent).toBe('Hello from ');
    expect(JSON.stringify(error)).not.toContain(TEST_VIRTUAL_KEY);
  });

  it('an upstream cut mid-answer arrives as an error frame naming the interruption', async () => {
    const url = await relayServer([dropStreamAfter(4)]);
    const error = await rejectionOf(ChatStream.fromEventStream((await fetch(url)).body!).text(), StreamError);
    expect(error.detail).toContain('StreamInterruptedError');
  });

  it('checks its arguments: InvalidRequestError for a body or options of the wrong kind', () => {
    expect(() => ChatStream.fromEventStream('data: x' as never)).toThrow(InvalidRequestError);
    expect(() => ChatStream.fromEventStream(new Response(''), null as never)).toThrow(InvalidRequestError);
    expect(() => ChatStream.fromEventStream(new Response(''), { timeoutMs: 'soon' } as never)).toThrow(/options.timeoutMs/);
  });

  it('a relay cut mid-answer is StreamInterruptedError with the partial answer', async () => {
    const url = await relayServer([], { cutAfterBytes: 700 });
    const error = await rejectionOf(ChatStream.fromEventStream((await fetch(url)).body!).text(), StreamInterruptedError);
    expect(error.partialContent.length).toBeGreaterThan(0);
    expect('Hello from the fake upstream. You said: Say hello to the SDK'.startsWith(error.partialContent)).toBe(true);
  });
});
