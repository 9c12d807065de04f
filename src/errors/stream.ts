/** A stream that failed after its response arrived; each keeps what had been received. */
import { SaaSLLMError, type SaaSLLMErrorInit } from './base.js';

/** What a stream had received when it failed. */
export interface PartialStream {
  /** The answer text received before the failure. */
  partialContent: string;
  /** Chunks received before the failure. */
  chunkCount: number;
  /** Tool calls received before the failure; the last may be cut short. */
  partialToolCalls?: PartialToolCall[] | undefined;
}

/** A tool call as far as it arrived (`arguments` is JSON text, possibly incomplete). */
export interface PartialToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** The server sent an SSE `{"error": "..."}` frame. */
export class StreamError extends SaaSLLMError {
  static override readonly 'saas-litellm.class' = 'StreamError';
  declare name: (typeof StreamError)['saas-litellm.class'];
  readonly partialContent: string;
  readonly chunkCount: number;
  readonly partialToolCalls: PartialToolCall[];
  /** The server's error text. */
  readonly detail: string;
  constructor(detail: string, message: string, init: SaaSLLMErrorInit & PartialStream) {
    super('stream_error', message, { retryable: false, ...init });
    this.detail = detail;
    this.partialContent = init.partialContent;
    this.chunkCount = init.chunkCount;
    this.partialToolCalls = init.partialToolCalls ?? [];
  }
}

/** The stream ended or broke before its end marker. */
export class StreamInterruptedError extends SaaSLLMError {
  static override readonly 'saas-litellm.class' = 'StreamInterruptedError';
  declare name: (typeof StreamInterruptedError)['saas-litellm.class'];
  readonly partialContent: string;
  readonly chunkCount: number;
  readonly partialToolCalls: PartialToolCall[];
  constructor(message: string, init: SaaSLLMErrorInit & PartialStream) {
    super('stream_interrupted', message, { retryable: false, sendState: 'ambiguous', ...init });
    this.partialContent = init.partialContent;
    this.chunkCount = init.chunkCount;
    this.partialToolCalls = init.partialToolCalls ?? [];
  }
}
