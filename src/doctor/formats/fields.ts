// Space-separated fields where some are double-quoted (ALB, CLB, Envoy): split into spans in a
// preallocated array, so a full decode costs one pass and the strings we actually read.

export interface FieldSpans {
  /** [start0, end0, start1, end1, …] of the field contents (quotes excluded). */
  readonly spans: Int32Array;
  count: number;
}

export function createFieldSpans(max: number): FieldSpans {
  return { spans: new Int32Array(max * 2), count: 0 };
}

/** Splits [start, end); returns false when a quote is not closed. Fields beyond the capacity are ignored. */
export function splitFields(buf: Uint8Array, start: number, end: number, out: FieldSpans): boolean {
  const max = out.spans.length / 2;
  let n = 0;
  let i = start;
  while (i < end) {
    while (i < end && buf[i] === 0x20) i++;
    if (i >= end) break;
    let s: number;
    let e: number;
    if (buf[i] === 0x22) {
      s = i + 1;
      let j = s;
      // A quote inside a quoted field is escaped with a backslash by the peers that quote.
      while (j < end && !(buf[j] === 0x22 && buf[j - 1] !== 0x5c)) j++;
      if (j >= end) return false;
      e = j;
      i = j + 1;
    } else {
      s = i;
      let j = i;
      while (j < end && buf[j] !== 0x20) j++;
      e = j;
      i = j;
    }
    if (n < max) {
      out.spans[n * 2] = s;
      out.spans[n * 2 + 1] = e;
    }
    n++;
  }
  out.count = Math.min(n, max);
  return true;
}

export function field(buf: Buffer, f: FieldSpans, index: number): string | undefined {
  if (index >= f.count) return undefined;
  return buf.toString('utf8', f.spans[index * 2], f.spans[index * 2 + 1]);
}

/** "-" and "" become null. */
export function optField(buf: Buffer, f: FieldSpans, index: number): string | null {
  const v = field(buf, f, index);
  return v === undefined || v === '-' || v === '' ? null : v;
}

export function statusOrNull(text: string | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : null;
}
