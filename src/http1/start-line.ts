// Pieces of start lines shared by requests and responses (RFC 9112 §2.3, §3, §4).

/** "HTTP/" */
const PREFIX = [0x48, 0x54, 0x54, 0x50, 0x2f];

export const VERSION_INVALID = -1;
export const VERSION_UNSUPPORTED = 0;

/** How many of buf[pos..end) match "HTTP/" before a mismatch; 5 = whole prefix; -1 = mismatch. */
export function httpPrefix(buf: Uint8Array, pos: number, end: number): number {
  const n = Math.min(5, end - pos);
  for (let k = 0; k < n; k++) if (buf[pos + k] !== PREFIX[k]) return -1;
  return n;
}

/** HTTP-version at buf[pos..pos+8) (the caller ensured 8 bytes): 10, 11, VERSION_UNSUPPORTED or VERSION_INVALID. HTTP-name is case-sensitive (RFC 9112 §2.3). */
export function parseVersion(buf: Uint8Array, pos: number): number {
  if (httpPrefix(buf, pos, pos + 5) !== 5) return VERSION_INVALID;
  const major = buf[pos + 5]! - 0x30;
  const minor = buf[pos + 7]! - 0x30;
  if (major < 0 || major > 9 || minor < 0 || minor > 9 || buf[pos + 6] !== 0x2e) return VERSION_INVALID;
  if (major !== 1 || minor > 1) return VERSION_UNSUPPORTED;
  return minor === 1 ? 11 : 10;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'CONNECT', 'TRACE'];
const METHOD_BYTES = METHODS.map((m) => Uint8Array.from(m, (ch) => ch.charCodeAt(0)));

/** The method as an interned string for the standard ones (methods are case-sensitive, RFC 9110 §9.1). */
export function methodString(buf: Buffer, start: number, end: number): string {
  const len = end - start;
  outer: for (let m = 0; m < METHOD_BYTES.length; m++) {
    const bytes = METHOD_BYTES[m]!;
    if (bytes.length !== len) continue;
    for (let k = 0; k < len; k++) if (buf[start + k] !== bytes[k]) continue outer;
    return METHODS[m]!;
  }
  return buf.toString('latin1', start, end);
}
