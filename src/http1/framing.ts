// Values that decide message framing (RFC 9112 §6): Content-Length and Transfer-Encoding.
// Both are read exactly, because a proxy and the server behind it must agree on where a body
// ends, or the next message is smuggled (Kettle, "HTTP Desync Attacks", 2019).
import { COMMA, HTAB, SP, TCHAR } from './chars.ts';
import { equalsLowerString } from './names.ts';

/** Content-Length results besides a value ≥ 0. */
export const CL_INVALID = -1;
export const CL_DIFFER = -2;
/** 15 digits stay below Number.MAX_SAFE_INTEGER (2^53 - 1 has 16). */
const CL_MAX_DIGITS = 15;

/**
 * Content-Length = 1*DIGIT (RFC 9110 §8.6). A list of identical values (`5, 5`, what a proxy
 * that merged duplicate lines sends) is one value; different values are CL_DIFFER; anything else
 * (`+5`, `0x5`, `5 5`, ``, empty elements) is CL_INVALID. The range is already OWS-trimmed.
 */
export function parseContentLength(buf: Uint8Array, start: number, end: number): number {
  let value = -1;
  let i = start;
  for (;;) {
    const digitsStart = i;
    let n = 0;
    while (i < end) {
      const d = buf[i]! - 0x30;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
      i++;
    }
    const digits = i - digitsStart;
    if (digits === 0 || digits > CL_MAX_DIGITS) return CL_INVALID;
    if (value >= 0 && n !== value) return CL_DIFFER;
    value = n;
    if (i === end) return value;
    while (i < end && (buf[i] === SP || buf[i] === HTAB)) i++;
    if (i === end || buf[i] !== COMMA) return CL_INVALID;
    i++;
    while (i < end && (buf[i] === SP || buf[i] === HTAB)) i++;
  }
}

const KNOWN_CODINGS = ['gzip', 'x-gzip', 'deflate', 'compress', 'x-compress'];

/**
 * Accumulates the Transfer-Encoding lines of one message (they combine into one list,
 * RFC 9110 §5.3) and remembers the first fault of each kind, for the head parser to judge.
 */
export class TransferCodings {
  lines = 0;
  chunked = 0;
  /** The last coding seen so far is chunked. */
  chunkedLast = false;
  /** Known codings other than chunked (gzip…). */
  others = 0;
  /** Offset of the first unknown or malformed element, or -1; and its text. */
  unknownAt = -1;
  unknownText = '';
  /** Whitespace other than one SP after the colon and after each comma (TE.TE obfuscations). */
  oddWhitespaceAt = -1;

  reset(): void {
    this.lines = 0;
    this.chunked = 0;
    this.chunkedLast = false;
    this.others = 0;
    this.unknownAt = -1;
    this.unknownText = '';
    this.oddWhitespaceAt = -1;
  }

  /**
   * Add one line: raw value from just after the colon to just before the line ending
   * (untrimmed, so whitespace obfuscations are visible). `base` is where error offsets count from.
   */
  add(buf: Buffer, rawStart: number, rawEnd: number, base: number): void {
    this.lines++;
    let i = rawStart;
    if (i < rawEnd && buf[i] === SP) i++;
    for (;;) {
      const wsStart = i;
      while (i < rawEnd && (buf[i] === SP || buf[i] === HTAB)) i++;
      if (i > wsStart) this.#odd(wsStart, base);
      const tokenStart = i;
      while (i < rawEnd && TCHAR[buf[i]!] === 1) i++;
      const tokenEnd = i;
      const wsAfter = i;
      while (i < rawEnd && (buf[i] === SP || buf[i] === HTAB)) i++;
      if (i > wsAfter) this.#odd(wsAfter, base);
      if (i < rawEnd && buf[i] !== COMMA) {
        // a byte that is neither tchar, whitespace nor comma: `chunked;x=1`, `"chunked"`…
        while (i < rawEnd && buf[i] !== COMMA) i++;
        this.#unknown(buf, tokenStart, i, base);
      } else {
        this.#element(buf, tokenStart, tokenEnd, base);
      }
      if (i >= rawEnd) return;
      i++; // comma
      if (i < rawEnd && buf[i] === SP) i++;
    }
  }

  #element(buf: Buffer, start: number, end: number, base: number): void {
    if (end === start) return this.#unknown(buf, start, end, base);
    if (equalsLowerString(buf, start, end, 'chunked')) {
      this.chunked++;
      this.chunkedLast = true;
      return;
    }
    this.chunkedLast = false;
    for (const known of KNOWN_CODINGS) {
      if (equalsLowerString(buf, start, end, known)) {
        this.others++;
        return;
      }
    }
    this.#unknown(buf, start, end, base);
  }

  #unknown(buf: Buffer, start: number, end: number, base: number): void {
    this.chunkedLast = false;
    if (this.unknownAt >= 0) return;
    this.unknownAt = start - base;
    this.unknownText = buf.toString('latin1', start, end);
  }

  #odd(at: number, base: number): void {
    if (this.oddWhitespaceAt < 0) this.oddWhitespaceAt = at - base;
  }
}
