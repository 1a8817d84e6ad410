// Heads for the next hop, written into one Buffer: the kept field lines are copied as byte
// ranges (runs of adjacent lines in one copy), the rest written as latin1. Hop-by-hop fields are
// removed as RFC 9110 §7.6.1 requires of a proxy, including every name listed in Connection.
import { HEADER_KIND, type ConnectionDirective, type FieldLines, type RequestHead, type RequestHeadOptions, type ResponseHead, type ResponseHeadOptions } from './types.ts';
import { copyRange, writeCrlf, writeLatin1 } from './write-bytes.ts';

const K = HEADER_KIND;
const CHUNKED_LINE = 'Transfer-Encoding: chunked\r\n';
const CONNECTION_LINE: Record<ConnectionDirective, string> = {
  'keep-alive': 'Connection: keep-alive\r\n',
  close: 'Connection: close\r\n',
  upgrade: 'Connection: upgrade\r\n',
  none: '',
};
const UPGRADE_BIT = 1 << K.upgrade;
const TE_BIT = 1 << K.transferEncoding;
const HOST_BIT = 1 << K.host;

/** Bit per line kind that survives despite being hop-by-hop. */
function keepMask(upgrading: boolean, keepTransferEncoding: boolean): number {
  return (upgrading ? UPGRADE_BIT : 0) | (keepTransferEncoding ? TE_BIT : 0);
}

function kept(h: FieldLines, i: number, drop: number, keep: number): boolean {
  const bit = 1 << h.kinds[i]!;
  if ((drop & bit) !== 0) return false;
  return h.hopByHop[i] === 0 || (keep & bit) !== 0;
}

/** Bytes the kept lines take (CRLF-normalised). */
function keptSize(h: FieldLines, drop: number, keep: number): number {
  const o = h.offsets;
  const buf = h.buf;
  let size = 0;
  for (let i = 0; i < h.count; i++) {
    if (!kept(h, i, drop, keep)) continue;
    const lineEnd = o[i * 5 + 4]!;
    size += lineEnd - o[i * 5]! + (buf[lineEnd - 2] === 0x0d ? 0 : 1);
  }
  return size;
}

/** Copy the kept lines; `crlfExact` = every line already ends in CRLF, so runs copy as one. */
function writeKept(h: FieldLines, drop: number, keep: number, out: Buffer, pos: number, crlfExact: boolean): number {
  const o = h.offsets;
  const src = h.buf;
  let runStart = -1;
  let runEnd = -1;
  for (let i = 0; i < h.count; i++) {
    if (!kept(h, i, drop, keep)) continue;
    const s = o[i * 5]!;
    const e = o[i * 5 + 4]!;
    if (crlfExact) {
      if (s === runEnd) runEnd = e;
      else {
        if (runStart >= 0) pos = copyRange(src, runStart, runEnd, out, pos);
        runStart = s;
        runEnd = e;
      }
    } else {
      const content = src[e - 2] === 0x0d ? e - 2 : e - 1;
      pos = writeCrlf(out, copyRange(src, s, content, out, pos));
    }
  }
  if (runStart >= 0) pos = copyRange(src, runStart, runEnd, out, pos);
  return pos;
}

export function serializeRequestHead(head: RequestHead, options: RequestHeadOptions): Buffer {
  const absolute = head.authorityStart >= 0;
  // An absolute-form target goes on as origin-form, its authority as the Host (RFC 9112 §3.2.2).
  const drop = (options.dropKinds ?? 0) | (absolute ? HOST_BIT : 0);
  const keep = keepMask(options.connection === 'upgrade', false);
  const method = head.method;
  const target = options.target ?? (absolute ? head.path : undefined);
  const targetLen = target === undefined ? head.targetEnd - head.targetStart : target.length;
  const hostLine = absolute || (head.hostIndex < 0 && options.host !== undefined) ? `Host: ${absolute ? head.host : options.host}\r\n` : '';
  const chunked = head.framing === 'chunked' ? CHUNKED_LINE : '';
  const connection = CONNECTION_LINE[options.connection];
  const extra = options.extra;
  const size = method.length + 1 + targetLen + 11 + hostLine.length + keptSize(head, drop, keep) + chunked.length + connection.length + extra.length + 2;
  const out = Buffer.allocUnsafe(size);
  let p = writeLatin1(out, 0, method);
  out[p++] = 0x20;
  p = target === undefined ? copyRange(head.buf, head.targetStart, head.targetEnd, out, p) : writeLatin1(out, p, target);
  p = writeLatin1(out, p, ' HTTP/1.1\r\n');
  p = writeLatin1(out, p, hostLine);
  p = writeKept(head, drop, keep, out, p, true);
  p = writeLatin1(out, p, chunked);
  p = writeLatin1(out, p, connection);
  p = writeLatin1(out, p, extra);
  writeCrlf(out, p);
  return out;
}

export function serializeResponseHead(head: ResponseHead, options: ResponseHeadOptions): Buffer {
  const drop = options.dropKinds ?? 0;
  // Transfer-Encoding stays: the body is forwarded verbatim with the codings it names.
  const keep = keepMask(options.connection === 'upgrade', true);
  const statusStart = head.headStart + 9;
  const normalReason = head.reasonStart === statusStart + 4;
  const reasonLen = head.reasonEnd - head.reasonStart;
  const chunked = options.addChunked === true ? CHUNKED_LINE : '';
  const connection = CONNECTION_LINE[options.connection];
  const extra = options.extra;
  const size = 9 + 4 + reasonLen + 2 + keptSize(head, drop, keep) + chunked.length + connection.length + extra.length + 2;
  const out = Buffer.allocUnsafe(size + (options.reserve ?? 0));
  let p = writeLatin1(out, 0, 'HTTP/1.1 ');
  if (normalReason) p = copyRange(head.buf, statusStart, head.reasonEnd, out, p);
  else {
    p = copyRange(head.buf, statusStart, statusStart + 3, out, p);
    out[p++] = 0x20;
  }
  p = writeCrlf(out, p);
  p = writeKept(head, drop, keep, out, p, (head.warnings & 1) === 0);
  p = writeLatin1(out, p, chunked);
  p = writeLatin1(out, p, connection);
  p = writeLatin1(out, p, extra);
  writeCrlf(out, p);
  return out;
}
