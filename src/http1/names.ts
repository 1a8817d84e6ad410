// Recognises well-known field names case-insensitively without allocating: dispatch on length
// and first letter, then one byte compare. Everything else is HEADER_KIND.other.
import { LOWER as LOWER_TABLE } from './chars.ts';
import { HEADER_KIND, type HeaderKind } from './types.ts';

const K = HEADER_KIND;
/** Module-local: V8 folds it, an imported binding is re-read on every use. */
const LOWER: Uint8Array = LOWER_TABLE;

function lit(s: string): Uint8Array {
  return Uint8Array.from(s, (ch) => ch.charCodeAt(0));
}

const TE = lit('te');
const VIA = lit('via');
const HOST = lit('host');
const DATE = lit('date');
const EXPECT = lit('expect');
const SERVER = lit('server');
const UPGRADE = lit('upgrade');
const TRAILER = lit('trailer');
const FORWARDED = lit('forwarded');
const CONNECTION = lit('connection');
const KEEP_ALIVE = lit('keep-alive');
const X_REQUEST_ID = lit('x-request-id');
const PROXY_STATUS = lit('proxy-status');
const CONTENT_LENGTH = lit('content-length');
const X_FORWARDED_FOR = lit('x-forwarded-for');
const PROXY_CONNECTION = lit('proxy-connection');
const X_FORWARDED_HOST = lit('x-forwarded-host');
const TRANSFER_ENCODING = lit('transfer-encoding');
const X_FORWARDED_PROTO = lit('x-forwarded-proto');
const PROXY_AUTHORIZATION = lit('proxy-authorization');

/** buf[start..start+lower.length) equals `lower` ignoring ASCII case (the length is the caller's check). */
export function equalsLower(buf: Uint8Array, start: number, lower: Uint8Array): boolean {
  for (let i = lower.length - 1; i >= 0; i--) if (LOWER[buf[start + i]!] !== lower[i]) return false;
  return true;
}

/** Same, against a JS string already in lower case. */
export function equalsLowerString(buf: Uint8Array, start: number, end: number, lower: string): boolean {
  if (end - start !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) if (LOWER[buf[start + i]!] !== lower.charCodeAt(i)) return false;
  return true;
}

/** Two byte ranges equal ignoring ASCII case. */
export function rangesEqualLower(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): boolean {
  if (ae - as !== be - bs) return false;
  for (let i = 0; i < ae - as; i++) if (LOWER[a[as + i]!] !== LOWER[b[bs + i]!]) return false;
  return true;
}

function is(buf: Uint8Array, start: number, lower: Uint8Array, kind: HeaderKind): HeaderKind {
  return equalsLower(buf, start, lower) ? kind : K.other;
}

/** The HeaderKind of the name at buf[start..end). */
export function kindOf(buf: Uint8Array, start: number, end: number): HeaderKind {
  const first = LOWER[buf[start]!]!;
  switch (end - start) {
    case 2:
      return is(buf, start, TE, K.te);
    case 3:
      return is(buf, start, VIA, K.via);
    case 4:
      return first === 0x68 ? is(buf, start, HOST, K.host) : is(buf, start, DATE, K.date);
    case 6:
      return first === 0x65 ? is(buf, start, EXPECT, K.expect) : is(buf, start, SERVER, K.server);
    case 7:
      return first === 0x75 ? is(buf, start, UPGRADE, K.upgrade) : is(buf, start, TRAILER, K.trailer);
    case 9:
      return is(buf, start, FORWARDED, K.forwarded);
    case 10:
      return first === 0x63 ? is(buf, start, CONNECTION, K.connection) : is(buf, start, KEEP_ALIVE, K.keepAlive);
    case 12:
      return first === 0x78 ? is(buf, start, X_REQUEST_ID, K.xRequestId) : is(buf, start, PROXY_STATUS, K.proxyStatus);
    case 14:
      return is(buf, start, CONTENT_LENGTH, K.contentLength);
    case 15:
      return is(buf, start, X_FORWARDED_FOR, K.xForwardedFor);
    case 16:
      return first === 0x70 ? is(buf, start, PROXY_CONNECTION, K.proxyConnection) : is(buf, start, X_FORWARDED_HOST, K.xForwardedHost);
    case 17:
      return first === 0x74 ? is(buf, start, TRANSFER_ENCODING, K.transferEncoding) : is(buf, start, X_FORWARDED_PROTO, K.xForwardedProto);
    case 19:
      return is(buf, start, PROXY_AUTHORIZATION, K.proxyAuthorization);
    default:
      return K.other;
  }
}
