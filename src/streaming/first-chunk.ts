/**
 * Before a stream is handed to the caller, its body is read up to its first chunk (the real server
 * sends the whole answer in one burst, so this costs no wait; a model that thinks before its first token
 * still sends its role chunk at once, so the stream is not held back either). A failure the server does
 * not charge for that comes before any chunk — its provider-failure text, or a 429/502/503/504 in the
 * frame — can then be retried like a failed call, and the caller sees one stream. Once a chunk was
 * handed over, a stream is never retried.
 */
import { StreamError } from '../errors/index.js';
import type { Answer } from './answer.js';
import type { ChunkQueue } from './chunk-queue.js';

/** Uncharged: the provider call failed (not the configuration, which a repeat cannot fix). */
const UNCHARGED = /Failed to call provider API|\b(?:429|502|503|504)\b/;
const PERMANENT = /No provider credentials configured|authentication failed/i;

export function isUnchargedFrame(detail: string): boolean {
  return UNCHARGED.test(detail) && !PERMANENT.test(detail);
}

/**
 * Parse and read until a chunk is queued, the body ends or an error frame comes. Returns that error
 * frame when it came before any chunk and is worth a retry; any other failure is left where the
 * caller's first read will meet it.
 */
export async function untilFirstChunk(queue: ChunkQueue, answer: Answer, read: () => Promise<Uint8Array | undefined>): Promise<StreamError | undefined> {
  try {
    while (queue.isEmpty && queue.errorFrame === undefined && !queue.eof) {
      if (!queue.parseMore()) queue.push(await read());
    }
  } catch {
    return undefined;
  }
  const frame = queue.errorFrame;
  return frame !== undefined && answer.chunkCount === 0 && isUnchargedFrame(frame.detail) ? frame : undefined;
}
