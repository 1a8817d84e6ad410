// Byte classes as 256-entry tables: one indexed load per byte on the hot path, no regexes.
// Grammar from RFC 9110 §5.6.2 (token), §5.5 (field-value), RFC 9112 §3.2 (request-target).

export const CR = 0x0d;
export const LF = 0x0a;
export const SP = 0x20;
export const HTAB = 0x09;
export const COLON = 0x3a;
export const COMMA = 0x2c;
export const SEMI = 0x3b;

function table(pick: (c: number) => number): Uint8Array {
  const t = new Uint8Array(256);
  for (let c = 0; c < 256; c++) t[c] = pick(c);
  return t;
}

const TCHAR_EXTRA = "!#$%&'*+-.^_`|~";
const isAlpha = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** tchar (RFC 9110 §5.6.2): 1, else 0. */
export const TCHAR = table((c) => (isAlpha(c) || isDigit(c) || TCHAR_EXTRA.includes(String.fromCharCode(c)) ? 1 : 0));

/** field-vchar = VCHAR / obs-text → 1; SP, HTAB → 2; anything else (CTL, DEL) → 0. */
export const VALUE = table((c) => (c === SP || c === HTAB ? 2 : (c >= 0x21 && c <= 0x7e) || c >= 0x80 ? 1 : 0));

/** uri-host [":" port] characters (RFC 3986 reg-name / IP-literal / port): 1, else 0. */
export const HOST = table((c) =>
  isAlpha(c) || isDigit(c) || "-._~!$&'()*+,;=:[]%".includes(String.fromCharCode(c)) ? 1 : 0,
);

/** Hex digit value, or 255. */
export const HEX = table((c) => (isDigit(c) ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : 255));

/** ASCII lower-case of a byte (letters only change). */
export const LOWER = table((c) => (c >= 0x41 && c <= 0x5a ? c | 0x20 : c));

/** A short, printable rendering of bytes for error details (never the hot path). */
export function show(buf: Uint8Array, start: number, end: number, max = 40): string {
  let s = '';
  const stop = Math.min(end, start + max);
  for (let i = start; i < stop; i++) {
    const c = buf[i]!;
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : c === CR ? '\\r' : c === LF ? '\\n' : c === HTAB ? '\\t' : `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return end > stop ? `${s}…` : s;
}

/** Describe one byte for error details: `"@" (0x40)`. */
export function byteName(c: number): string {
  const hex = `0x${c.toString(16).padStart(2, '0')}`;
  return c > 0x20 && c < 0x7f ? `"${String.fromCharCode(c)}" (${hex})` : hex;
}
