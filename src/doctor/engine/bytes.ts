// Byte-level helpers for the hot path: parse numbers and times straight from a Buffer range
// without making strings. Every function is allocation-free.

export const SP = 0x20;
export const QUOTE = 0x22;
export const NL = 0x0a;
export const CR = 0x0d;
export const DASH = 0x2d;

/** Index of the next `byte` in [from, end), or -1. A JS loop beats a native call for short spans. */
export function findByte(buf: Uint8Array, byte: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (buf[i] === byte) return i;
  return -1;
}

/** A non-negative decimal integer in [start, end); -1 when the range is empty or not all digits. */
export function parseUint(buf: Uint8Array, start: number, end: number): number {
  if (start >= end) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = (buf[i] as number) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function digits(buf: Uint8Array, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = (buf[i] as number) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    n = n * 10 + d;
  }
  return n;
}

/** Days since 1970-01-01 for a civil date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * parseIsoTime with a one-entry cache of the minute: consecutive log lines share
 * "yyyy-mm-ddThh:mm", so only seconds and fraction are parsed for most lines.
 */
export function createIsoTimeParser(): (buf: Uint8Array, start: number, end: number) => number {
  const prefix = new Uint8Array(16);
  let minuteMs = Number.NaN;
  return (buf, start, end) => {
    if (end - start >= 19 && minuteMs === minuteMs) {
      let same = true;
      for (let i = 0; i < 16; i++) {
        if (buf[start + i] !== prefix[i]) {
          same = false;
          break;
        }
      }
      if (same && buf[start + 16] === 0x3a) {
        const s = ((buf[start + 17] as number) - 48) * 10 + ((buf[start + 18] as number) - 48);
        let ms = 0;
        if (buf[start + 19] === 0x2e) {
          ms = ((buf[start + 20] as number) - 48) * 100 + ((buf[start + 21] as number) - 48) * 10 + ((buf[start + 22] as number) - 48);
          if (ms < 0 || ms > 999 || !(ms === ms)) ms = 0;
        }
        if (s >= 0 && s <= 60) return minuteMs + s * 1000 + ms;
      }
    }
    const t = parseIsoTime(buf, start, end);
    if (t === t) {
      for (let i = 0; i < 16; i++) prefix[i] = buf[start + i] as number;
      minuteMs = t - (t % 60000);
    }
    return t;
  };
}

/** ISO 8601 "2018-07-02T22:23:00.186641Z" (ALB, CLB, Envoy) → epoch ms; NaN when malformed. */
export function parseIsoTime(buf: Uint8Array, start: number, end: number): number {
  if (end - start < 19 || buf[start + 4] !== DASH || buf[start + 10] !== 0x54) return Number.NaN;
  const y = digits(buf, start, 4);
  const mo = digits(buf, start + 5, 2);
  const d = digits(buf, start + 8, 2);
  const h = digits(buf, start + 11, 2);
  const mi = digits(buf, start + 14, 2);
  const s = digits(buf, start + 17, 2);
  let ms = 0;
  if (buf[start + 19] === 0x2e) {
    let scale = 100;
    for (let i = start + 20; i < end && scale >= 1; i++) {
      const dd = (buf[i] as number) - 48;
      if (dd < 0 || dd > 9) break;
      ms += dd * scale;
      scale /= 10;
    }
  }
  return ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60000 + s * 1000 + Math.floor(ms);
}

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

function monthAt(buf: Uint8Array, at: number): number {
  for (let m = 0; m < 12; m++) {
    if (
      buf[at] === MONTHS.charCodeAt(m * 3) &&
      buf[at + 1] === MONTHS.charCodeAt(m * 3 + 1) &&
      buf[at + 2] === MONTHS.charCodeAt(m * 3 + 2)
    )
      return m + 1;
  }
  return 0;
}

/**
 * NGINX $time_local "10/Oct/2000:13:55:36 -0700" and HAProxy %tr "06/Feb/2009:12:14:14.655"
 * (HAProxy logs local time without an offset; we read it as UTC, which keeps order and gaps right).
 */
export function parseClfTime(buf: Uint8Array, start: number, end: number): number {
  if (end - start < 20 || buf[start + 2] !== 0x2f || buf[start + 6] !== 0x2f) return Number.NaN;
  const d = digits(buf, start, 2);
  const mo = monthAt(buf, start + 3);
  const y = digits(buf, start + 7, 4);
  const h = digits(buf, start + 12, 2);
  const mi = digits(buf, start + 15, 2);
  const s = digits(buf, start + 18, 2);
  if (mo === 0) return Number.NaN;
  let t = ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60000 + s * 1000;
  let at = start + 20;
  if (buf[at] === 0x2e) {
    let scale = 100;
    for (at = at + 1; at < end && scale >= 1; at++) {
      const dd = (buf[at] as number) - 48;
      if (dd < 0 || dd > 9) break;
      t += dd * scale;
      scale /= 10;
    }
  }
  if (buf[at] === SP && (buf[at + 1] === 0x2b || buf[at + 1] === DASH) && at + 6 <= end) {
    const offset = digits(buf, at + 2, 2) * 60 + digits(buf, at + 4, 2);
    if (!Number.isNaN(offset)) t -= (buf[at + 1] === DASH ? -1 : 1) * offset * 60000;
  }
  return t;
}

/**
 * parseClfTime with a one-entry cache: lines of the same minute share "10/Oct/2000:13:55" and the
 * offset, so only the seconds (and HAProxy's milliseconds) are read for most lines.
 */
export function createClfTimeParser(): (buf: Uint8Array, start: number, end: number) => number {
  const last = new Uint8Array(40);
  let lastLen = -1;
  let minuteMs = Number.NaN;
  const secondsAndMs = (buf: Uint8Array, start: number, len: number) => {
    const s = ((buf[start + 18] as number) - 48) * 10 + ((buf[start + 19] as number) - 48);
    const ms = len >= 24 && buf[start + 20] === 0x2e ? ((buf[start + 21] as number) - 48) * 100 + ((buf[start + 22] as number) - 48) * 10 + ((buf[start + 23] as number) - 48) : 0;
    return s * 1000 + ms;
  };
  return (buf, start, end) => {
    const len = end - start;
    if (len === lastLen && minuteMs === minuteMs) {
      // Same minute and offset: every byte equal but the seconds (18, 19) and milliseconds (21..23).
      let same = true;
      for (let i = 0; i < len; i++) {
        if (i === 18 || i === 19 || (i >= 21 && i <= 23 && last[20] === 0x2e)) continue;
        if (buf[start + i] !== last[i]) {
          same = false;
          break;
        }
      }
      if (same) {
        const sm = secondsAndMs(buf, start, len);
        if (sm >= 0 && sm < 61_000) return minuteMs + sm;
      }
    }
    const t = parseClfTime(buf, start, end);
    if (t === t && len <= last.length) {
      for (let i = 0; i < len; i++) last[i] = buf[start + i] as number;
      lastLen = len;
      minuteMs = t - secondsAndMs(buf, start, len);
    } else lastLen = -1;
    return t;
  };
}

/** ISO time as NGINX $time_iso8601 "2000-10-10T13:55:36-07:00" or with Z/fraction. */
export function parseIsoWithOffset(buf: Uint8Array, start: number, end: number): number {
  let t = parseIsoTime(buf, start, end);
  if (Number.isNaN(t)) return t;
  let at = start + 19;
  if (buf[at] === 0x2e) for (at++; at < end && (buf[at] as number) >= 48 && (buf[at] as number) <= 57; at++);
  const sign = buf[at];
  if ((sign === 0x2b || sign === DASH) && at + 6 <= end) {
    const offset = digits(buf, at + 1, 2) * 60 + digits(buf, at + 4, 2);
    if (!Number.isNaN(offset)) t -= (sign === DASH ? -1 : 1) * offset * 60000;
  }
  return t;
}

/** FNV-1a over a byte range: the key of the per-target table, computed without a string. */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
  return h >>> 0;
}

export function bytesEqual(buf: Uint8Array, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let i = 0; i < text.length; i++) if (buf[start + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Seconds as a float from "0.001" or "-1"; null for "-" or empty. */
export function parseSeconds(text: string | undefined): number | null {
  if (text === undefined || text === '' || text === '-') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}
