/** Tool calls and usage in OpenAI's shape for every provider, accumulated on the stream and kept on its errors. */
import { describe, expect, it } from 'vitest';
import { StreamInterruptedError } from '../src/index.js';
import { createEmulator, dropStreamAfter, type Fault } from '../src/testing/index.js';
import { clientOn, hello, rejectionOf } from './helpers.js';

const calls = [
  { id: 'call_w', name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } },
  { id: 'call_t', name: 'get_time', arguments: { zone: 'Europe/Paris' } },
];
const expected = calls.map((call) => ({ id: call.id, name: call.name, arguments: JSON.stringify(call.arguments) }));

function toolStreams(faults: Fault[] = []) {
  const emulator = createEmulator({ jobStreamRoute: 'fixed', faults, reply: () => ({ content: 'Let me check. ', toolCalls: calls }) });
  return { emulator, client: clientOn(emulator) };
}

describe('tool calls in a stream', () => {
  for (const model of ['sdk-chat', 'sdk-fireworks', 'sdk-claude', 'sdk-gemini']) {
    it(`${model}: chunks carry delta.tool_calls, stream.toolCalls has the complete calls, finish_reason tool_calls`, async () => {
      const { client } = toolStreams();
      const stream = await client.createAndCallStream({ job_type: 'tools', model, messages: hello });
      let pieces = 0;
      for await (const chunk of stream) pieces += chunk.choices[0]?.delta.tool_calls?.length ?? 0;
      expect(pieces).toBeGreaterThanOrEqual(2);
      // Gemini sends no ids: the SDK numbers its calls.
      expect(stream.toolCalls).toEqual(model === 'sdk-gemini' ? expected.map((call, index) => ({ ...call, id: `call_${index}` })) : expected);
      expect(JSON.parse(stream.toolCalls[0]?.arguments ?? '')).toEqual(calls[0]?.arguments);
      expect(stream.finishReason).toBe('tool_calls');
      expect(stream.content).toBe('Let me check. ');
    });
  }

  it('a stream cut in the middle of a call keeps the calls so far on the error', async () => {
    const { client } = toolStreams([dropStreamAfter(6)]);
    const stream = await client.createAndCallStream({ job_type: 'tools', model: 'sdk-chat', messages: hello });
    const error = await rejectionOf(stream.text(), StreamInterruptedError);
    expect(error.partialContent).toBe('Let me check. ');
    expect(error.partialToolCalls).toHaveLength(1);
    expect(error.partialToolCalls[0]).toMatchObject({ id: 'call_w', name: 'get_weather' });
    expect(JSON.stringify(calls[0]?.arguments).startsWith(error.partialToolCalls[0]?.arguments ?? 'x')).toBe(true);
    expect(error.partialToolCalls[0]?.arguments.length).toBeLessThan(JSON.stringify(calls[0]?.arguments).length);
  });
});

describe('usage in a stream', () => {
  for (const model of ['sdk-claude', 'sdk-gemini', 'sdk-fireworks']) {
    it(`${model}: prompt and completion tokens, in OpenAI's names`, async () => {
      const emulator = createEmulator({ jobStreamRoute: 'fixed' });
      const client = clientOn(emulator);
      const stream = await client.createAndCallStream({ job_type: 'usage', model, messages: hello });
      await stream.text();
      // The emulator's provider counts words: 5 in the prompt, and the answer's 12 words + 4.
      expect(stream.usage).toEqual({ prompt_tokens: 5, completion_tokens: 16, total_tokens: 21 });
    });
  }
});

describe('a scripted reply', () => {
  it('streams exactly the chunks the script lists', async () => {
    const emulator = createEmulator({ jobStreamRoute: 'fixed', reply: () => ({ chunks: ['Hel', 'lo, ', 'wor', 'ld'] }) });
    const stream = await clientOn(emulator).createAndCallStream({ job_type: 'script', model: 'sdk-chat', messages: hello });
    const pieces: string[] = [];
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) pieces.push(chunk.choices[0].delta.content);
    expect(pieces).toEqual(['Hel', 'lo, ', 'wor', 'ld']);
    expect(stream.finishReason).toBe('stop');
  });
});
