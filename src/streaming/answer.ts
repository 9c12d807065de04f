/** What a stream's answer is so far: its text, chunk count, finish reason, usage, and the tool calls as they stream (OpenAI's deltas, which every provider is normalised to, merged by index). */
import type { ChatCompletionChunk, ChunkUsage, ToolCall, ToolCallDelta } from './normalize.js';

export class ToolCallAccumulator {
  readonly #calls: ToolCall[] = [];

  add(deltas: readonly unknown[]): void {
    // A provider's odd shape is skipped, never a reason to break the stream.
    if (!Array.isArray(deltas)) return;
    for (const delta of deltas as ToolCallDelta[]) {
      if (typeof delta?.index !== 'number') continue;
      const call = (this.#calls[delta.index] ??= { id: '', name: '', arguments: '' });
      if (typeof delta.id === 'string') call.id = delta.id;
      if (typeof delta.function?.name === 'string') call.name += delta.function.name;
      if (typeof delta.function?.arguments === 'string') call.arguments += delta.function.arguments;
    }
  }

  /** The calls so far, in order (a copy). */
  get calls(): ToolCall[] {
    return this.#calls.filter(Boolean).map((call) => ({ ...call }));
  }
}

export class Answer {
  /**
   * The text's pieces as they came, joined when read: appending to one string built a rope node per
   * chunk that every GC had to copy (measured: 2,400 instructions of 23,500 per chunk).
   */
  readonly #pieces: string[] = [];
  #text = '';
  chunkCount = 0;
  finishReason: string | null = null;
  usage: ChunkUsage | undefined;
  /** Made by the first tool call: most answers have none, and an open stream should hold little. */
  #tools: ToolCallAccumulator | undefined;

  accept(chunk: ChatCompletionChunk): void {
    this.chunkCount += 1;
    const choice = chunk.choices[0];
    if (typeof choice?.delta.content === 'string' && choice.delta.content !== '') this.#pieces.push(choice.delta.content);
    if (choice?.delta.tool_calls !== undefined) (this.#tools ??= new ToolCallAccumulator()).add(choice.delta.tool_calls);
    if (choice?.finish_reason) this.finishReason = choice.finish_reason;
    if (chunk.usage) this.usage = chunk.usage;
  }

  /** The text so far. */
  get content(): string {
    if (this.#pieces.length > 0) {
      this.#text += this.#pieces.join('');
      this.#pieces.length = 0;
    }
    return this.#text;
  }

  get toolCalls(): ToolCall[] {
    return this.#tools?.calls ?? [];
  }
}
