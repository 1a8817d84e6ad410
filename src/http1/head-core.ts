// The incremental part every head parser shares. The common case, a whole head in one 'data'
// chunk, is parsed in place (offsets point into the caller's chunk: zero copies). A head split
// over chunks is gathered in a stash of maxHeadBytes and parsed there, resuming at the first
// incomplete line, so feeding a head byte by byte stays linear; release() frees the stash, so an
// idle keep-alive connection holds none.
import { EMPTY, ERROR, MORE, type FieldLinesView, type LineSink } from './field-lines.ts';
import type { HeadLimits, ParseError, ParseStatus } from './types.ts';

export const DEFAULT_MAX_HEAD_BYTES = 16384;
export const DEFAULT_MAX_HEADERS = 100;

export abstract class HeadCore<H extends FieldLinesView> implements LineSink {
  readonly head: H;
  consumed = 0;
  error: ParseError | null = null;
  warnings = 0;
  /** Where parse() resumes (a line start in the buffer being parsed), and in which section. */
  protected resume = 0;
  protected inFields = false;
  readonly #maxHead: number;
  #stash: Buffer | null = null;
  #stashLen = 0;
  #finished = false;
  /** Where the head parsed in place began in the caller's chunk (for detachHead). */
  #start = 0;

  constructor(head: H, limits: HeadLimits | undefined) {
    this.head = head;
    this.#maxHead = limits?.maxHeadBytes ?? DEFAULT_MAX_HEAD_BYTES;
  }

  get pending(): number {
    return this.#finished ? 0 : this.#stashLen;
  }

  /** Parse from `this.resume` in buf[..end); offsets in errors count from `base`. Returns head end, MORE or ERROR. */
  protected abstract parse(buf: Buffer, base: number, end: number): number;

  /** Clear the head's per-message fields. */
  protected abstract clearHead(): void;

  reset(): void {
    this.#stashLen = 0;
    this.#finished = false;
    this.#restart(0);
  }

  #restart(at: number): void {
    this.resume = at;
    this.inFields = false;
    this.error = null;
    this.warnings = 0;
    this.head.count = 0;
    this.clearHead();
  }

  execute(chunk: Buffer, start = 0): ParseStatus {
    if (this.#finished) this.reset();
    const avail = chunk.length - start;
    const max = this.#maxHead;
    if (this.#stashLen === 0) {
      this.#start = start;
      this.#restart(start);
      const limit = avail > max ? start + max : chunk.length;
      const r = this.parse(chunk, start, limit);
      if (r >= 0) return this.#done(chunk, r - start);
      if (r === ERROR) return this.#failed();
      if (avail >= max) return this.#tooLarge();
      if (avail === 0) {
        this.consumed = 0;
        return 'more';
      }
      const stash = (this.#stash ??= Buffer.allocUnsafe(max));
      chunk.copy(stash, 0, start, chunk.length);
      this.#stashLen = avail;
      this.#restart(0);
      this.consumed = avail;
      return 'more';
    }
    const stash = this.#stash!;
    const before = this.#stashLen;
    const n = Math.min(avail, max - before);
    chunk.copy(stash, before, start, start + n);
    this.#stashLen = before + n;
    const r = this.parse(stash, 0, this.#stashLen);
    if (r >= 0) return this.#done(stash, r - before);
    if (r === ERROR) return this.#failed();
    if (this.#stashLen >= max) return this.#tooLarge();
    this.consumed = n;
    return 'more';
  }

  release(): void {
    if (!this.#finished) return; // between heads, or a next head partly held: nothing of a done message
    this.head.count = 0;
    this.clearHead();
    this.head.buf = EMPTY;
    // Nor the stash: at maxHeadBytes each it cost an idle keep-alive connection ≈ 32 KB (5,000 idle
    // connections held 154 MB). Heads rarely come in pieces; the one that does allocates it again.
    this.#stash = null;
  }

  detachHead(): void {
    const head = this.head;
    const buf = head.buf;
    if (!this.#finished || this.error !== null || buf === this.#stash) return;
    // Same offsets in the copy, which is as long as the head's end: a few hundred bytes in the usual
    // case (head at 0), which Node carves from its shared pool; release() lets it go.
    const end = this.#start + this.consumed;
    const into = Buffer.allocUnsafe(end);
    buf.copy(into, this.#start, this.#start, end);
    head.buf = into;
  }

  #done(buf: Buffer, consumed: number): ParseStatus {
    this.head.buf = buf;
    this.consumed = consumed;
    this.#finished = true;
    return 'done';
  }

  #failed(): ParseStatus {
    this.consumed = 0;
    this.#finished = true;
    return 'error';
  }

  #tooLarge(): ParseStatus {
    this.error = { code: 'head_too_large', offset: this.#maxHead, detail: `no end of head within ${this.#maxHead} bytes` };
    return this.#failed();
  }
}

export { ERROR, MORE };
