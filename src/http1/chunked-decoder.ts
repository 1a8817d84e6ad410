// Streaming validator of the chunked coding (RFC 9112 §7.1). It changes no byte: it says where
// the body ends, so a proxy forwards the original bytes verbatim (no re-encoding) while still
// refusing framing that another parser could read differently (Kettle 2019; "funky chunks",
// Bajaj 2024: bare LF, bad sizes, oversized extensions).
import { CR, HEX, HTAB, LF, SEMI, SP, VALUE, byteName } from './chars.ts';
import { FieldLinesView, MORE, TRAILER_CODES, emptyLineEnd, fail, parseFieldLine, type LineSink } from './field-lines.ts';
import { HEADER_KIND, type ChunkedDecoder, type ChunkedLimits, type FieldLines, type ParseError, type ParseStatus } from './types.ts';

const SIZE = 0;
const SIZE_BWS = 1;
const EXT = 2;
const SIZE_LF = 3;
const DATA = 4;
const DATA_CR = 5;
const DATA_LF = 6;
const TRAILERS = 7;
const DONE = 8;

const K = HEADER_KIND;
/** Fields a trailer must not carry: framing, routing and connection control (RFC 9110 §6.5.1). */
const FORBIDDEN = new Set<number>([K.contentLength, K.transferEncoding, K.host, K.connection, K.keepAlive, K.proxyConnection, K.te, K.trailer, K.upgrade]);

class ChunkedDecoderImpl implements ChunkedDecoder, LineSink {
  consumed = 0;
  error: ParseError | null = null;
  warnings = 0;
  dataBytes = 0;
  wireBytes = 0;
  bareLf = false;
  onData: ((chunk: Buffer, start: number, end: number) => void) | null = null;
  readonly #maxDigits: number;
  readonly #maxExt: number;
  readonly #maxTrailerBytes: number;
  readonly #allowBareLf: boolean;
  readonly #trailers: FieldLinesView;
  #state = SIZE;
  #size = 0;
  #digits = 0;
  #ext = 0;
  #remaining = 0;
  #stash: Buffer | null = null;
  #stashLen = 0;
  #resume = 0;
  #trailerAt = 0;

  constructor(limits: ChunkedLimits | undefined) {
    this.#maxDigits = limits?.maxSizeDigits ?? 16;
    this.#maxExt = limits?.maxExtensionBytes ?? 4096;
    this.#maxTrailerBytes = limits?.maxTrailerBytes ?? 8192;
    this.#allowBareLf = limits?.allowBareLf ?? false;
    this.#trailers = new FieldLinesView(limits?.maxTrailers ?? 32);
  }

  get trailers(): FieldLines {
    return this.#trailers;
  }

  reset(): void {
    this.consumed = 0;
    this.error = null;
    this.warnings = 0;
    this.dataBytes = 0;
    this.wireBytes = 0;
    this.bareLf = false;
    this.#state = SIZE;
    this.#size = 0;
    this.#digits = 0;
    this.#ext = 0;
    this.#stashLen = 0;
    this.#resume = 0;
    this.#trailers.count = 0;
  }

  execute(chunk: Buffer, start = 0): ParseStatus {
    if (this.#state === DONE || this.error) this.reset();
    const end = chunk.length;
    let i = start;
    let state = this.#state;
    const wire0 = this.wireBytes - start;
    while (i < end) {
      if (state === DATA) {
        const take = Math.min(this.#remaining, end - i);
        if (this.onData !== null && take > 0) this.onData(chunk, i, i + take);
        i += take;
        this.#remaining -= take;
        this.dataBytes += take;
        if (this.#remaining === 0) state = DATA_CR;
        continue;
      }
      if (state === TRAILERS) {
        this.#state = state;
        this.wireBytes = wire0 + i;
        return this.#trailerBytes(chunk, start, i);
      }
      const c = chunk[i]!;
      switch (state) {
        case SIZE: {
          const d = HEX[c]!;
          if (d !== 255) {
            if (++this.#digits > this.#maxDigits || this.#size > (Number.MAX_SAFE_INTEGER - d) / 16) {
              return this.#fail('chunked_too_large_size', wire0 + i, `chunk-size longer than ${this.#maxDigits} hex digits or above 2^53`);
            }
            this.#size = this.#size * 16 + d;
            break;
          }
          if (this.#digits === 0) return this.#fail('chunked_invalid_size', wire0 + i, `byte ${byteName(c)} where a chunk-size hex digit was expected`);
          if (c === CR) state = SIZE_LF;
          else if (c === SEMI) state = EXT;
          else if (c === SP || c === HTAB) state = SIZE_BWS;
          else if (c === LF && this.#lf()) state = this.#afterSizeLine();
          else return this.#fail(c === LF ? 'chunked_missing_crlf' : 'chunked_invalid_size', wire0 + i, `byte ${byteName(c)} after the chunk-size`);
          break;
        }
        case SIZE_BWS:
          // BWS is allowed only before a chunk extension (RFC 9112 §7.1.1).
          if (c === SEMI) state = EXT;
          else if (c !== SP && c !== HTAB) return this.#fail('chunked_invalid_size', wire0 + i, `byte ${byteName(c)} after whitespace following the chunk-size`);
          break;
        case EXT:
          if (c === CR) state = SIZE_LF;
          else if (c === LF && this.#lf()) state = this.#afterSizeLine();
          else if (VALUE[c] === 0) return this.#fail(c === LF ? 'chunked_missing_crlf' : 'chunked_invalid_extension', wire0 + i, `byte ${byteName(c)} in a chunk extension`);
          else if (++this.#ext > this.#maxExt) return this.#fail('chunked_extension_too_large', wire0 + i, `chunk extensions longer than ${this.#maxExt} bytes`);
          break;
        case SIZE_LF:
          if (c !== LF) return this.#fail('chunked_missing_crlf', wire0 + i, 'CR not followed by LF after the chunk-size line');
          state = this.#afterSizeLine();
          break;
        case DATA_CR:
          if (c === CR) state = DATA_LF;
          else if (c === LF && this.#lf()) state = SIZE;
          else return this.#fail('chunked_missing_crlf', wire0 + i, `byte ${byteName(c)} after chunk data, expected CRLF`);
          break;
        case DATA_LF:
          if (c !== LF) return this.#fail('chunked_missing_crlf', wire0 + i, 'CR not followed by LF after chunk data');
          state = SIZE;
          break;
      }
      i++;
    }
    this.#state = state;
    this.wireBytes = wire0 + i;
    this.consumed = i - start;
    if (state === TRAILERS) return this.#trailerBytes(chunk, start, i);
    return 'more';
  }

  #lf(): boolean {
    if (!this.#allowBareLf) return false;
    this.bareLf = true;
    return true;
  }

  /** End of a chunk-size line: data follows, or the trailer section after the last chunk. */
  #afterSizeLine(): number {
    const size = this.#size;
    this.#size = 0;
    this.#digits = 0;
    this.#ext = 0;
    if (size === 0) {
      this.#stashLen = 0;
      this.#resume = 0;
      this.#trailers.count = 0;
      this.#trailerAt = -1;
      return TRAILERS;
    }
    this.#remaining = size;
    return DATA;
  }

  /** Gather the trailer section (bounded) and parse it with the field-line rules. */
  #trailerBytes(chunk: Buffer, start: number, i: number): ParseStatus {
    if (this.#trailerAt < 0) this.#trailerAt = this.wireBytes;
    const max = this.#maxTrailerBytes;
    const stash = (this.#stash ??= Buffer.allocUnsafe(max));
    const before = this.#stashLen;
    const n = Math.min(chunk.length - i, max - before);
    chunk.copy(stash, before, i, i + n);
    this.#stashLen += n;
    const v = this.#trailers;
    v.buf = stash;
    let pos = this.#resume;
    const lf = this.#allowBareLf;
    const base = -this.#trailerAt;
    for (;;) {
      if (pos === this.#stashLen) break;
      const e = emptyLineEnd(this, TRAILER_CODES, stash, pos, this.#stashLen, base, lf);
      if (e > 0) {
        v.headStart = 0;
        v.headEnd = e;
        this.#state = DONE;
        this.consumed = i - start + (e - before);
        this.wireBytes = this.#trailerAt + e;
        if (this.warnings !== 0) this.bareLf = true;
        return 'done';
      }
      if (e < 0 && e !== MORE) return this.#stop();
      if (e === MORE) break;
      const r = parseFieldLine(v, this, TRAILER_CODES, stash, pos, this.#stashLen, base, lf);
      if (r === MORE) break;
      if (r < 0) return this.#stop();
      const kind = v.kinds[v.count - 1]!;
      if (FORBIDDEN.has(kind)) return this.#fail('trailer_forbidden_field', this.#trailerAt + pos, `field "${v.name(v.count - 1)}" is not allowed in a trailer section`);
      pos = r;
    }
    this.#resume = pos;
    if (this.#stashLen >= max) return this.#fail('trailer_too_large', this.#trailerAt + max, `trailer section longer than ${max} bytes`);
    this.consumed = chunk.length - start;
    this.wireBytes = this.#trailerAt + this.#stashLen;
    return 'more';
  }

  #fail(code: ParseError['code'], offset: number, detail: string): ParseStatus {
    fail(this, code, offset, detail);
    return this.#stop();
  }

  #stop(): ParseStatus {
    this.consumed = 0;
    return 'error';
  }
}

export function createChunkedDecoder(limits?: ChunkedLimits): ChunkedDecoder {
  return new ChunkedDecoderImpl(limits);
}
