// Hop-by-hop fields (RFC 9110 §7.6.1): those named by the protocol, and every field named in
// Connection. A client listing Host, Content-Length or Transfer-Encoding in Connection is trying
// to make a proxy strip framing (a known trick); those stay, and a warning says so.
import { CL_INVALID, parseContentLength } from './framing.ts';
import type { FieldLinesView } from './field-lines.ts';
import { equalsLowerString, rangesEqualLower } from './names.ts';
import { forEachListedName } from './tokens.ts';
import { HEADER_KIND, HEAD_WARNING } from './types.ts';

const K = HEADER_KIND;

/** Marks the lines named in every Connection line; returns warning bits. */
export function markListedNames(v: FieldLinesView): number {
  let warnings = 0;
  const o = v.offsets;
  const buf = v.buf;
  for (let c = 0; c < v.count; c++) {
    if (v.kinds[c] !== K.connection) continue;
    forEachListedName(buf, o[c * 5 + 2]!, o[c * 5 + 3]!, (s, e) => {
      for (let i = 0; i < v.count; i++) {
        if (!rangesEqualLower(buf, o[i * 5]!, o[i * 5 + 1]!, buf, s, e)) continue;
        const kind = v.kinds[i];
        if (kind === K.host || kind === K.contentLength || kind === K.transferEncoding) warnings |= HEAD_WARNING.connectionListsFraming;
        else v.hopByHop[i] = 1;
      }
    });
  }
  return warnings;
}

/** Content-Length across lines: value, CL_INVALID, or CL_DIFFER; `prev` is -3 before the first line. */
export function combineContentLength(prev: number, buf: Buffer, start: number, end: number): number {
  const v = parseContentLength(buf, start, end);
  if (v < 0 || prev === -3) return v;
  if (prev === CL_INVALID) return prev;
  return v === prev ? v : -2;
}

/**
 * `Content_Length` / `Transfer_Encoding`: legal names, but CGI-style servers (WSGI, PHP, Rack)
 * map `_` and `-` to the same variable, so forwarding them lets a client smuggle framing past us.
 * NGINX drops every underscored name by default (`underscores_in_headers off`); we drop these two.
 */
export function isFramingAlias(buf: Buffer, start: number, end: number): boolean {
  const len = end - start;
  if (len === 14) return buf[start + 7] === 0x5f && equalsLowerString(buf, start, end, 'content_length');
  if (len === 17) return buf[start + 8] === 0x5f && equalsLowerString(buf, start, end, 'transfer_encoding');
  return false;
}
