/** What a stream's answer is so far: its text, chunk count, finish reason, tool calls and usage. */
import type { ChatCompletionChunk, ChunkUsage } from './normalize.js';
import { ToolCallAccumulator, type ToolCall } from './tool-calls.js';

export class Answer {
  content = '';
  chunkCount = 0;
  finishReason: string | null = null;
  usage: ChunkUsage | undefined;
  /** Made by the first tool call: most answers have none, and an open stream should hold little. */
  #tools: ToolCallAccumulator | undefined;

  accept(chunk: ChatCompletionChunk): void {
    this.chunkCount += 1;
    const choice = chunk.choices[0];
    if (typeof choice?.delta.content === 'string') this.content += choice.delta.content;
    if (choice?.delta.tool_calls !== undefined) (this.#tools ??= new ToolCallAccumulator()).add(choice.delta.tool_calls);
    if (choice?.finish_reason) this.finishReason = choice.finish_reason;
    if (chunk.usage) this.usage = chunk.usage;
  }

  get toolCalls(): ToolCall[] {
    return this.#tools?.calls ?? [];
  }
}
