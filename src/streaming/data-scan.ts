/**
 * Whether SSE bytes carry data, for the idle timer: a comment (`: keepalive`), a blank line or an empty
 * `data:` line is the connection being kept open, not the answer moving. Works on bytes across chunk
 * boundaries (a line cut between two reads keeps its kind) and looks only at line starts.
 */
const NEWLINE = 10;
const CR = 13;
const COLON = 58;

type LineKind = 'quiet' | 'data';

export class DataScanner {
  /** The kind of a line the previous bytes left unfinished. */
  #open: LineKind | undefined;

  carriesData(bytes: Uint8Array): boolean {
    const first = bytes.indexOf(NEWLINE);
    let data = false;
    let start = 0;
    if (this.#open !== undefined) {
      if (first === -1) return this.#open === 'data';
      data = this.#open === 'data';
      start = first + 1;
    }
    const last = bytes.lastIndexOf(NEWLINE);
    // Whole lines: stop at the first one with data.
    while (!data && start <= last) {
      const end = bytes.indexOf(NEWLINE, start);
      data = kindOf(bytes, start, end) === 'data';
      start = end + 1;
    }
    // The unfinished tail decides how the next bytes begin.
    const tailStart = last === -1 ? (this.#open === undefined ? 0 : bytes.length) : last + 1;
    this.#open = tailStart < bytes.length ? kindOf(bytes, tailStart, bytes.length) : undefined;
    return data || this.#open === 'data';
  }
}

/** `data:` with nothing after it (or one space) carries nothing either. */
function kindOf(bytes: Uint8Array, start: number, end: number): LineKind {
  let stop = end;
  if (stop > start && bytes[stop - 1] === CR) stop -= 1;
  if (stop === start || bytes[start] === COLON) return 'quiet';
  const length = stop - start;
  if ((length === 5 || length === 6) && bytes[start] === 100 && bytes[start + 1] === 97 && bytes[start + 2] === 116 && bytes[start + 3] === 97 && bytes[start + 4] === COLON) {
    return length === 5 || bytes[start + 5] === 32 ? 'quiet' : 'data';
  }
  return 'data';
}
