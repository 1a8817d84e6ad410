// Small writers for head serialization. Short ranges are copied by a JS loop: for the 20–200 byte
// pieces of a head that beats a call into Buffer#copy / Buffer#write (measured in bench/http1).
const SHORT = 48;

export function writeLatin1(out: Buffer, pos: number, s: string): number {
  const n = s.length;
  if (n > SHORT) return pos + out.write(s, pos, 'latin1');
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
