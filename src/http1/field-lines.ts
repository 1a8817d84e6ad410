// Field lines (RFC 9112 §5): the one line parser shared by request heads, response heads and
// chunked trailer sections, and the offset view a proxy copies lines from.
import { TCHAR as TCHAR_TABLE, byteName, show } from './chars.ts';
import { equalsLowerString, kindOf } from './names.ts';
import { HEAD_WARNING, type FieldLines, type ParseError, type ParseErrorCode } from './types.ts';

// Byte constants and tables as module-local bindings: V8 reads an imported binding through the
// module environment on every use, a local const it folds (≈15% on the byte loops, bench/http1).
const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HTAB = 0x09;
const COLON = 0x3a;
const TCHAR: Uint8Array = TCHAR_TABLE;

/** Parse results other than a position: wait for bytes, or stop (the sink holds the error). */
export const MORE = -1;
export const ERROR = -2;

/** Where a line parser leaves its verdicts. */
export interface LineSink {
  error: ParseError | null;
  warnings: number;
}

/** The codes a field-line fault is reported with: heads and trailers differ only by name. */
export interface LineCodes {
  readonly nameInvalid: ParseErrorCode;
  readonly spaceBeforeColon: ParseErrorCode;
  readonly missingColon: ParseErrorCode;
  readonly valueNul: ParseErrorCode;
  readonly valueInvalid: ParseErrorCode;
  readonly obsFold: ParseErrorCode;
  readonly bareCr: ParseErrorCode;
  readonly bareLf: ParseErrorCode;
  readonly tooMany: ParseErrorCode;
}

export const HEAD_CODES: LineCodes = {
  nameInvalid: 'header_name_invalid',
  spaceBeforeColon: 'space_before_colon',
  missingColon: 'missing_colon',
  valueNul: 'header_value_nul',
  valueInvalid: 'header_value_invalid',
  obsFold: 'obs_fold',
  bareCr: 'bare_cr',
  bareLf: 'bare_lf',
  tooMany: 'too_many_headers',
};

export const TRAILER_CODES: LineCodes = {
  nameInvalid: 'trailer_name_invalid',
  spaceBeforeColon: 'trailer_space_before_colon',
  missingColon: 'trailer_missing_colon',
  valueNul: 'trailer_value_nul',
  valueInvalid: 'trailer_value_invalid',
  obsFold: 'trailer_obs_fold',
  bareCr: 'trailer_bare_cr',
  bareLf: 'trailer_bare_lf',
  tooMany: 'trailer_too_many',
};

export function fail(sink: LineSink, code: ParseErrorCode, offset: number, detail: string): number {
  sink.error = { code, offset, detail };
  return ERROR;
}

/** Lines a head view has room for at first: a browser's request has 10-20. */
const INITIAL_LINES = 24;

/** Offsets of field lines; see FieldLines in types.ts. */
export class FieldLinesView implements FieldLines {
  buf: Buffer = EMPTY;
  headStart = 0;
  headEnd = 0;
  count = 0;
  offsets: Uint32Array;
  kinds: Uint8Array;
  hopByHop: Uint8Array;
  /** Lines the arrays hold now; they grow (doubling) up to `maxLines`, the limit. */
  capacity: number;
  readonly maxLines: number;

  constructor(maxLines: number) {
    // Room for a typical head only: a parser lives as long as its connection, and the limit's
    // worth of offsets (100 lines: 2.2 KB) would be held by every idle keep-alive connection.
    this.maxLines = maxLines;
    this.capacity = Math.min(maxLines, INITIAL_LINES);
    this.offsets = new Uint32Array(this.capacity * 5);
    this.kinds = new Uint8Array(this.capacity);
    this.hopByHop = new Uint8Array(this.capacity);
  }

  /** Double the room for lines (never past maxLines), keeping the lines recorded so far. */
  grow(): void {
    const capacity = Math.min(this.maxLines, this.capacity * 2);
    const offsets = new Uint32Array(capacity * 5);
    offsets.set(this.offsets);
    const kinds = new Uint8Array(capacity);
    kinds.set(this.kinds);
    const hopByHop = new Uint8Array(capacity);
    hopByHop.set(this.hopByHop);
    this.offsets = offsets;
    this.kinds = kinds;
    this.hopByHop = hopByHop;
    this.capacity = capacity;
  }

  indexOf(lowerName: string, from = 0): number {
    const o = this.offsets;
    for (let i = from; i < this.count; i++) if (equalsLowerString(this.buf, o[i * 5]!, o[i * 5 + 1]!, lowerName)) return i;
    return -1;
  }

  name(i: number): string {
    return this.buf.toString('latin1', this.offsets[i * 5]!, this.offsets[i * 5 + 1]!);
  }

  value(i: number): string {
    return this.buf.toString('latin1', this.offsets[i * 5 + 2]!, this.offsets[i * 5 + 3]!);
  }

  get(lowerName: string): string | undefined {
    const i = this.indexOf(lowerName);
    return i < 0 ? undefined : this.value(i);
  }
}

export const EMPTY = Buffer.alloc(0);

/**
 * Parse the field line starting at `pos` (not an empty line). Returns the next line's start,
 * MORE when the line is incomplete, ERROR with the sink's error set. `base` is where offsets
 * reported in errors count from. Records the line in `v`.
 */
export function parseFieldLine(
  v: FieldLinesView,
  sink: LineSink,
  codes: LineCodes,
  buf: Buffer,
  pos: number,
  end: number,
  base: number,
  allowBareLf: boolean,
): number {
  let c = buf[pos]!;
  if (c === SP || c === HTAB) {
    return fail(sink, codes.obsFold, pos - base, v.count === 0 ? 'whitespace before the first field line' : 'line folding (obs-fold) is not accepted');
  }
  let i = pos;
  while (i < end && TCHAR[buf[i]!] === 1) i++;
  if (i === end) return MORE;
  c = buf[i]!;
  const nameEnd = i;
  if (c !== COLON) return nameFault(sink, codes, buf, pos, i, end, base);
  if (nameEnd === pos) return fail(sink, codes.nameInvalid, pos - base, 'empty field name');
  i++;
  while (i < end && (buf[i] === SP || buf[i] === HTAB)) i++;
  const valueStart = i;
  // field-vchar / SP / HTAB run: one compare per byte for the common case (c > 0x1f, not DEL).
  while (i < end) {
    c = buf[i]!;
    if (c > 0x1f ? c === 0x7f : c !== HTAB) break;
    i++;
  }
  if (i === end) return MORE;
  let valueEnd = i;
  while (valueEnd > valueStart && (buf[valueEnd - 1] === SP || buf[valueEnd - 1] === HTAB)) valueEnd--;
  let lineEnd: number;
  if (c === CR) {
    if (i + 1 === end) return MORE;
    if (buf[i + 1] !== LF) return fail(sink, codes.bareCr, i - base, `CR not followed by LF in the value of "${show(buf, pos, nameEnd)}"`);
    lineEnd = i + 2;
  } else if (c === LF) {
    if (!allowBareLf) return fail(sink, codes.bareLf, i - base, `line "${show(buf, pos, nameEnd)}" ends with LF alone`);
    sink.warnings |= HEAD_WARNING.bareLf;
    lineEnd = i + 1;
  } else if (c === 0) {
    return fail(sink, codes.valueNul, i - base, `NUL in the value of "${show(buf, pos, nameEnd)}"`);
  } else {
    return fail(sink, codes.valueInvalid, i - base, `control byte ${byteName(c)} in the value of "${show(buf, pos, nameEnd)}"`);
  }
  const n = v.count;
  if (n === v.capacity) {
    if (n === v.maxLines) return fail(sink, codes.tooMany, pos - base, `more than ${v.maxLines} field lines`);
    v.grow();
  }
  const o = n * 5;
  const off = v.offsets;
  off[o] = pos;
  off[o + 1] = nameEnd;
  off[o + 2] = valueStart;
  off[o + 3] = valueEnd;
  off[o + 4] = lineEnd;
  v.kinds[n] = kindOf(buf, pos, nameEnd);
  v.hopByHop[n] = 0;
  v.count = n + 1;
  return lineEnd;
}

/** The name stopped at a byte that is neither a tchar nor ":": say precisely what it is. */
function nameFault(sink: LineSink, codes: LineCodes, buf: Buffer, pos: number, i: number, end: number, base: number): number {
  const c = buf[i]!;
  const name = show(buf, pos, i);
  if (c === SP || c === HTAB) {
    let j = i;
    while (j < end && (buf[j] === SP || buf[j] === HTAB)) j++;
    if (j === end) return MORE;
    if (buf[j] === COLON) return fail(sink, codes.spaceBeforeColon, i - base, `whitespace between field name "${name}" and ":"`);
    return fail(sink, codes.nameInvalid, i - base, `whitespace inside field name "${name}"`);
  }
  if (c === CR || c === LF) {
    if (c === CR && i + 1 === end) return MORE;
    if (c === CR && buf[i + 1] !== LF) return fail(sink, codes.bareCr, i - base, `CR not followed by LF after "${name}"`);
    return fail(sink, codes.missingColon, i - base, `field line "${name}" has no ":"`);
  }
  return fail(sink, codes.nameInvalid, i - base, `byte ${byteName(c)} in field name "${name}"`);
}

/**
 * At a line start: is this the empty line ending the section? Returns the position after it,
 * 0 when it is not an empty line, MORE or ERROR.
 */
export function emptyLineEnd(sink: LineSink, codes: LineCodes, buf: Buffer, pos: number, end: number, base: number, allowBareLf: boolean): number {
  const c = buf[pos]!;
  if (c === CR) {
    if (pos + 1 === end) return MORE;
    if (buf[pos + 1] === LF) return pos + 2;
    return fail(sink, codes.bareCr, pos - base, 'CR not followed by LF at the start of a line');
  }
  if (c === LF) {
    if (!allowBareLf) return fail(sink, codes.bareLf, pos - base, 'the empty line ending the section is a LF alone');
    sink.warnings |= HEAD_WARNING.bareLf;
    return pos + 1;
  }
  return 0;
}
