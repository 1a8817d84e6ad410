// Comma-separated token fields a proxy acts on: Connection (RFC 9110 §7.6.1), Keep-Alive
// (RFC 2068 §19.7.1.1, still sent by Node, Apache and others), Expect, TE, Host.
import { COMMA, HOST, HTAB, SP, TCHAR } from './chars.ts';
import { equalsLowerString } from './names.ts';

export const CONN_CLOSE = 1;
export const CONN_KEEP_ALIVE = 2;
export const CONN_UPGRADE = 4;
/** Some other name is listed: those fields are hop-by-hop too. */
export const CONN_OTHER = 8;

/** Bits of the Connection options in buf[start..end). */
export function connectionOptions(buf: Buffer, start: number, end: number): number {
  let bits = 0;
  let i = start;
  while (i < end) {
    while (i < end && (buf[i] === SP || buf[i] === HTAB || buf[i] === COMMA)) i++;
    const s = i;
    while (i < end && TCHAR[buf[i]!] === 1) i++;
    const e = i;
    if (e > s) {
      if (equalsLowerString(buf, s, e, 'close')) bits |= CONN_CLOSE;
      else if (equalsLowerString(buf, s, e, 'keep-alive')) bits |= CONN_KEEP_ALIVE;
      else if (equalsLowerString(buf, s, e, 'upgrade')) bits |= CONN_UPGRADE;
      else bits |= CONN_OTHER;
    }
    while (i < end && buf[i] !== COMMA) i++;
  }
  return bits;
}

/**
 * Calls `each(start, end)` for every token listed in a Connection value that is not close,
 * keep-alive or upgrade (the names of more hop-by-hop fields).
 */
export function forEachListedName(buf: Buffer, start: number, end: number, each: (s: number, e: number) => void): void {
  let i = start;
  while (i < end) {
    while (i < end && (buf[i] === SP || buf[i] === HTAB || buf[i] === COMMA)) i++;
    const s = i;
    while (i < end && TCHAR[buf[i]!] === 1) i++;
    const e = i;
    if (e > s && !equalsLowerString(buf, s, e, 'close') && !equalsLowerString(buf, s, e, 'keep-alive') && !equalsLowerString(buf, s, e, 'upgrade')) {
      each(s, e);
    }
    while (i < end && buf[i] !== COMMA) i++;
  }
}

/** `timeout=N` in a Keep-Alive value, in seconds; -1 when absent or not 1*9DIGIT. */
export function keepAliveTimeout(buf: Buffer, start: number, end: number): number {
  let i = start;
  while (i < end) {
    while (i < end && (buf[i] === SP || buf[i] === HTAB || buf[i] === COMMA)) i++;
    const s = i;
    while (i < end && TCHAR[buf[i]!] === 1 && buf[i] !== 0x3d) i++;
    const e = i;
    while (i < end && (buf[i] === SP || buf[i] === HTAB)) i++;
    if (equalsLowerString(buf, s, e, 'timeout') && i < end && buf[i] === 0x3d) {
      i++;
      while (i < end && (buf[i] === SP || buf[i] === HTAB)) i++;
      let n = 0;
      const d0 = i;
      while (i < end && buf[i]! >= 0x30 && buf[i]! <= 0x39 && i - d0 < 10) n = n * 10 + buf[i++]! - 0x30;
      const digits = i - d0;
      if (digits === 0 || digits > 9) return -1;
      while (i < end && (buf[i] === SP || buf[i] === HTAB)) i++;
      return i === end || buf[i] === COMMA ? n : -1;
    }
    while (i < end && buf[i] !== COMMA) i++;
  }
  return -1;
}

/** Host = uri-host [":" port] (RFC 9110 §7.2): only reg-name / IP-literal / port bytes. */
export function hostValid(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (HOST[buf[i]!] === 0) return false;
  return true;
}
