/** Tool calls as they stream: OpenAI's deltas (every provider is normalised to them) merged by index. */

/** One piece of a tool call in a chunk's `delta.tool_calls`, in OpenAI's shape. */
export interface ToolCallDelta {
  /** Which call of the answer this piece belongs to. */
  index: number;
  /** Sent with a call's first piece. */
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

/** A tool call the model made (or was making when the stream failed). */
export interface ToolCall {
  id: string;
  name: string;
  /** The arguments as JSON text, as the model wrote them (parse them yourself: a partial call's may be cut). */
  arguments: string;
}

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
