// Chunked → plain body for HTTP/1.0 clients, which cannot read `Transfer-Encoding: chunked` (RFC
// 9112 §6.1: a server MUST NOT send it to a 1.0 recipient); the body is then delimited by closing
// the connection. Runs over bytes the http1 ChunkedDecoder has already validated, so it only has to
// find the data ranges: no error paths. Tolerates LF-only line ends as the validator does.
const SIZE = 0;
const EXT = 1;
const DATA = 2;
const DATA_END = 3;
const TRAILER_START = 4;
const TRAILER_LINE = 5;
const FINAL = 6;
const DONE = 7;

export class Dechunker {
  #state = SIZE;
  #size = 0;
  #left = 0;

  reset(): void {
    this.#state = SIZE;
    this.#size = 0;
    this.#left = 0;
  }

  /** Call `emit` with each data range of buf[start..end). */
  feed(buf: Buffer, start: number, end: number, emit: (data: Buffer) => void): void {
    let i = start;
    while (i < end) {
      const c = buf[i]!;
      switch (this.#state) {
        case SIZE:
          if (c === 0x3b) this.#state = EXT;
          else if (c === 0x0a) this.#lineEnd();
          else if (c !== 0x0d) this.#size = this.#size * 16 + hex(c);
          i += 1;
          break;
        case EXT:
          if (c === 0x0a) this.#lineEnd();
          i += 1;
          break;
        case DATA: {
          const n = Math.min(this.#left, end - i);
          emit(buf.subarray(i, i + n));
          this.#left -= n;
          i += n;
          if (this.#left === 0) this.#state = DATA_END;
          break;
        }
        case DATA_END:
          if (c === 0x0a) this.#state = SIZE;
          i += 1;
          break;
        case TRAILER_START:
          if (c === 0x0a) this.#state = DONE;
          else if (c === 0x0d) this.#state = FINAL;
          else this.#state = TRAILER_LINE;
          i += 1;
          break;
        case TRAILER_LINE:
          if (c === 0x0a) this.#state = TRAILER_START;
          i += 1;
          break;
        case FINAL:
          if (c === 0x0a) this.#state = DONE;
          i += 1;
          break;
        default:
          return;
      }
    }
  }

  #lineEnd(): void {
    if (this.#size === 0) {
      this.#state = TRAILER_START;
      return;
    }
    this.#left = this.#size;
    this.#size = 0;
    this.#state = DATA;
  }
}

function hex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return 0;
}
