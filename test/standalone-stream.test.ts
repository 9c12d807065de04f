/**
 * A ChatStream built from a body alone (`new ChatStream(body, settings)`): no client, no job, no observer.
 * It reads, times out, fails and tells how it ended through its one `onEnd`; the client's auto-fail is
 * decided outside it, and a failure waits for what `onEnd` returns before it is thrown.
 */
import { describe, expect, it, vi } from 'vitest';
import { ANTHROPIC_DIALECT, ChatStream, InvalidRequestError, RequestAbortedError, ResponseTooLargeError, StreamError, StreamInterruptedError, TimeoutError } from '../src/index.js';
import * as streamEntry from '../src/stream.js';
import { rejectionOf } from './helpers.js';

const encoder = new TextEncoder();
const chunk = (content: string, finish: string | null = null) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;

/** A body of these SSE texts; `end: false` leaves it open (it never ends by itself). */
function body(parts: string[], { end = true } = {}): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(encoder.encode(part));
      if (end) controller.close();
    },
  });
}

describe('new ChatStream(body, settings)', () => {
  it('reads a body of OpenAI chunks to its end and tells onEnd once', async () => {
    const onEnd = vi.fn();
    const stream = new ChatStream(body([chunk('Hel'), chunk('lo', 'stop'), 'data: [DONE]\n\n']), { onEnd });
    expect(await stream.text()).toBe('Hello');
    expect(stream.finishReason).toBe('stop');
    expect(stream.chunkCount).toBe(2);
    expect(onEnd).toHaveBeenCalledTimes(1);
    expect(onEnd).toHaveBeenCalledWith('completed', undefined);
  });

  it('takes a Response too, and names its request id from the headers', async () => {
    const stream = new ChatStream(new Response(body([chunk('hi', 'stop'), 'data: [DONE]\n\n']), { headers: { 'x-request-id': 'req-7' } }));
    expect(stream.requestId).toBe('req-7');
    expect(await stream.text()).toBe('hi');
  });

  it('a cut body: StreamInterruptedError with the partial text, and onEnd hears "failed" with that error', async () => {
    const onEnd = vi.fn();
    const stream = new ChatStream(body([chunk('partial ')]), { onEnd });
    const error = await rejectionOf(stream.text(), StreamInterruptedError);
    expect(error.partialContent).toBe('partial ');
    expect(onEnd).toHaveBeenCalledWith('failed', error);
  });

  it('a failure waits for the promise onEnd returns before it is thrown (where the client fails the job)', async () => {
    const events: string[] = [];
    const stream = new ChatStream(body([chunk('x'), 'data: {"error": {"message": "provider exploded"}}\n\n']), {
      onEnd: async (outcome) => {
        await new Promise((resolve) => setImmediate(resolve));
        events.push(`onEnd ${outcome} done`);
      },
    });
    await stream.text().catch((error: unknown) => events.push(`thrown ${(error as Error).name}`));
    expect(events).toEqual(['onEnd failed done', 'thrown StreamError']);
  });

  it('an onEnd that throws does not change the stream\'s outcome', async () => {
    const stream = new ChatStream(body([chunk('ok', 'stop'), 'data: [DONE]\n\n']), {
      onEnd: () => {
        throw new Error('listener bug');
      },
    });
    expect(await stream.text()).toBe('ok');
  });

  it('idle timeout from its settings: TimeoutError (stream-idle) with the partial text, fake timers', async () => {
    vi.useFakeTimers();
    try {
      const stream = new ChatStream(body([chunk('so far')], { end: false }), { idleTimeoutMs: 5_000 });
      const failure = rejectionOf(stream.text(), TimeoutError);
      await vi.advanceTimersByTimeAsync(5_000);
      const error = await failure;
      expect(error.phase).toBe('stream-idle');
      expect(error.partialContent).toBe('so far');
    } finally {
      vi.useRealTimers();
    }
  });

  it('its signal aborts it: RequestAbortedError, onEnd hears "aborted"', async () => {
    const controller = new AbortController();
    const onEnd = vi.fn();
    const stream = new ChatStream(body([chunk('a')], { end: false }), { signal: controller.signal, onEnd });
    const failure = rejectionOf(stream.text(), RequestAbortedError);
    controller.abort();
    await failure;
    expect(onEnd).toHaveBeenCalledWith('aborted', expect.any(RequestAbortedError));
  });

  it('reads a provider shape only when given its dialect', async () => {
    const anthropic = [
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","model":"claude"}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Bonjour"}}\n\n',
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"}}\n\n',
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    ];
    const withDialect = new ChatStream(body(anthropic), { dialects: [ANTHROPIC_DIALECT] });
    expect(await withDialect.text()).toBe('Bonjour');
    expect(withDialect.finishReason).toBe('stop');
    const without = new ChatStream(body(anthropic));
    expect(await without.text().catch((error: unknown) => error)).toBeInstanceOf(StreamInterruptedError);
  });

  it('an event past maxEventBytes is refused even when it arrives whole, with its neighbours in one read', async () => {
    const onEnd = vi.fn();
    const large = `data: {"x":"${'y'.repeat(5_000)}"}\n\n`;
    const stream = new ChatStream(body([chunk('Hi') + large + chunk('!', 'stop')]), { maxEventBytes: 1_000, onEnd });
    const error = await rejectionOf(stream.text(), ResponseTooLargeError);
    expect(error.partialContent).toBe('Hi');
    expect(error.limitBytes).toBe(1_000);
    expect(onEnd).toHaveBeenCalledWith('failed', error);
  });

  it('ready() resolves at the first chunk without taking it, and never rejects: the failure is read after', async () => {
    const stream = new ChatStream(body([chunk('first'), chunk(' second', 'stop'), 'data: [DONE]\n\n']));
    await stream.ready();
    expect(stream.chunkCount).toBeGreaterThanOrEqual(1);
    expect(await stream.text()).toBe('first second');

    const onEnd = vi.fn();
    const failed = new ChatStream(body(['data: {"error": {"message": "refused upstream"}}\n\n']), { onEnd });
    await expect(failed.ready()).resolves.toBeUndefined();
    expect(onEnd).toHaveBeenCalledWith('failed', expect.any(StreamError));
    const error = await rejectionOf(failed.text(), StreamError);
    expect(error.detail).toContain('refused upstream');
  });

  it('checks its body and settings before reading: InvalidRequestError naming each', () => {
    expect(() => new ChatStream('data: x' as never)).toThrow(InvalidRequestError);
    const error = (() => {
      try {
        new ChatStream(body([]), { timeoutMs: -1, idleTimeoutMs: Number.NaN, onEnd: 'log' as never, signal: {} as never });
      } catch (thrown) {
        return thrown as InvalidRequestError;
      }
      throw new Error('not thrown');
    })();
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.issues.map((issue) => issue.path)).toEqual(['options.signal', 'options.timeoutMs', 'options.idleTimeoutMs', 'options.onEnd']);
    expect(error.message).toMatch(/^ChatStream\(\): invalid input: /);
  });

  it('is the same class from saas-litellm/stream', () => {
    expect(streamEntry.ChatStream).toBe(ChatStream);
    expect(new streamEntry.ChatStream(body([]))).toBeInstanceOf(ChatStream);
  });
});
