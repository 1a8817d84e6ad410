// Small writers for head serialization. Short pieces are copied by a JS loop, longer ones by the
// native copy: for the 3–50 byte pieces of a head the loop beats a call into C++, beyond that
// the native copy wins (measured with bench/http1/run.ts on Node 24).
const SHORT = 24;

/** Buffer#latin1Write: the native writer Buffer#write dispatches to, without the encoding switch. */
interface Latin1Writer {
  latin1Write(s: string, offset: number, length: number): number;
}

export function writeLatin1(out: Buffer, pos: number, s: string): number {
  const n = s.length;
  if (n > SHORT) return pos + (out as unknown as Latin1Writer).latin1Write(s, pos, n);
  for (let k = 0; k < n; k++) out[pos + k] = s.charCodeAt(k);
  return pos + n;
}

export function copyRange(src: Buffer, start: number, end: number, out: Buffer, pos: number): number {
  const n = end - start;
  if (n > SHORT) return pos + src.copy(out, pos, start, end);
  for (let k = 0; k < n; k++) out[pos + k] = src[start + k]!;
  return pos + n;
}

export function writeCrlf(out: Buffer, pos: number): number {
  out[pos] = 0x0d;
  out[pos + 1] = 0x0a;
  return pos + 2;
}
