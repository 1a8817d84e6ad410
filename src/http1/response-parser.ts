// Strict response head parser (RFC 9112 §4–§6). What real servers get wrong is an error with its
// own code (the probe names it, the gateway maps it to a cause); what peers tolerate and cannot
// desynchronise anything (LF-only lines, a status line without the SP before an empty reason) is
// accepted, as NGINX and llhttp do, and reported as a warning bit.
import { VALUE as VALUE_TABLE, byteName, show } from './chars.ts';
import { CL_DIFFER, CL_INVALID, TransferCodings } from './framing.ts';
import { HEAD_CODES, MORE, emptyLineEnd, fail, parseFieldLine } from './field-lines.ts';
import { DEFAULT_MAX_HEADERS, HeadCore } from './head-core.ts';
import { combineContentLength, markListedNames } from './hop-by-hop.ts';
import { ResponseHeadView } from './response-head.ts';
import { VERSION_INVALID, VERSION_UNSUPPORTED, httpPrefix, parseVersion } from './start-line.ts';
import { CONN_CLOSE, CONN_KEEP_ALIVE, CONN_OTHER, CONN_UPGRADE, connectionOptions, keepAliveTimeout } from './tokens.ts';
import { HEADER_KIND, HEAD_WARNING, type ResponseParser, type ResponseParserOptions } from './types.ts';

// Byte constants and tables as module-local bindings: V8 reads an imported binding through the
// module environment on every use, a local const it folds (≈15% on the byte loops, bench/http1).
const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const VALUE: Uint8Array = VALUE_TABLE;

const K = HEADER_KIND;

class ResponseParserImpl extends HeadCore<ResponseHeadView> implements ResponseParser {
  readonly #te = new TransferCodings();
  readonly #allowBareLf: boolean;
  #requestWasHead = false;

  constructor(options: ResponseParserOptions | undefined) {
    super(new ResponseHeadView(options?.maxHeaders ?? DEFAULT_MAX_HEADERS), options);
    this.#allowBareLf = options?.allowBareLf ?? true;
  }

  startExchange(requestWasHead: boolean): void {
    this.#requestWasHead = requestWasHead;
    this.reset();
  }

  protected clearHead(): void {
    this.head.clear();
  }

  protected parse(buf: Buffer, base: number, end: number): number {
    let pos = this.resume;
    const lf = this.#allowBareLf;
    if (!this.inFields) {
      const r = this.#statusLine(buf, pos, end, base);
      if (r < 0) return r === MORE ? this.#wait(pos) : r;
      this.head.headStart = pos;
      pos = r;
      this.inFields = true;
    }
    for (;;) {
      if (pos === end) return this.#wait(pos);
      const e = emptyLineEnd(this, HEAD_CODES, buf, pos, end, base, lf);
      if (e > 0) return this.#finish(buf, base, e);
      if (e < 0) return e === MORE ? this.#wait(pos) : e;
      const r = parseFieldLine(this.head, this, HEAD_CODES, buf, pos, end, base, lf);
      if (r < 0) return r === MORE ? this.#wait(pos) : r;
      pos = r;
    }
  }

  #wait(pos: number): number {
    this.resume = pos;
    return MORE;
  }

  /** `HTTP-version SP 3DIGIT SP [reason] CRLF` (RFC 9112 §4); the last SP may be missing. */
  #statusLine(buf: Buffer, pos: number, end: number, base: number): number {
    const h = this.head;
    const prefix = httpPrefix(buf, pos, end);
    if (prefix < 0) return fail(this, 'status_line_invalid', pos - base, `response does not start with "HTTP/": "${show(buf, pos, end, 16)}"`);
    if (end - pos < 13) return MORE;
    const v = parseVersion(buf, pos);
    if (v === VERSION_INVALID) return fail(this, 'version_invalid', pos - base, `"${show(buf, pos, pos + 8)}" is not an HTTP version`);
    if (v === VERSION_UNSUPPORTED) return fail(this, 'version_unsupported', pos - base, `${show(buf, pos, pos + 8)} is not HTTP/1.0 or HTTP/1.1`);
    if (buf[pos + 8] !== SP) return fail(this, 'status_line_invalid', pos + 8 - base, `byte ${byteName(buf[pos + 8]!)} after the HTTP version, expected SP`);
    const d0 = buf[pos + 9]! - 0x30;
    const d1 = buf[pos + 10]! - 0x30;
    const d2 = buf[pos + 11]! - 0x30;
    if (d0 < 0 || d0 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) {
      return fail(this, 'status_code_invalid', pos + 9 - base, `status code "${show(buf, pos + 9, pos + 12)}" is not 3 digits`);
    }
    const status = d0 * 100 + d1 * 10 + d2;
    if (status < 100 || status > 599) return fail(this, 'status_code_invalid', pos + 9 - base, `status code ${status} is outside 100..599`);
    let i = pos + 12;
    let c = buf[i]!;
    let reasonStart = i;
    if (c === SP) {
      reasonStart = ++i;
      for (; i < end; i++) if (VALUE[(c = buf[i]!)] === 0) break;
      if (i === end) return MORE;
    } else if (c === CR || c === LF) {
      this.warnings |= HEAD_WARNING.noReasonSpace;
    } else if (c >= 0x30 && c <= 0x39) {
      return fail(this, 'status_code_invalid', pos + 9 - base, 'status code has more than 3 digits');
    } else {
      return fail(this, 'status_line_invalid', i - base, `byte ${byteName(c)} after the status code, expected SP`);
    }
    let next: number;
    if (c === CR) {
      if (i + 1 === end) return MORE;
      if (buf[i + 1] !== LF) return fail(this, 'bare_cr', i - base, 'CR not followed by LF in the status line');
      next = i + 2;
    } else if (c === LF) {
      if (!this.#allowBareLf) return fail(this, 'bare_lf', i - base, 'status line ends with LF alone');
      this.warnings |= HEAD_WARNING.bareLf;
      next = i + 1;
    } else {
      return fail(this, 'reason_invalid', i - base, `control byte ${byteName(c)} in the reason phrase`);
    }
    h.version = v === 11 ? 11 : 10;
    h.status = status;
    h.statusStart = pos + 9;
    h.reasonStart = reasonStart;
    h.reasonEnd = i;
    return next;
  }

  /** Framing per RFC 9112 §6.3, given the request method and the status. */
  #finish(buf: Buffer, base: number, headEnd: number): number {
    const h = this.head;
    h.buf = buf;
    const o = h.offsets;
    const te = this.#te;
    te.reset();
    let cl = -3;
    let conn = 0;
    for (let i = 0; i < h.count; i++) {
      const kind = h.kinds[i]!;
      if (kind === K.other) continue;
      const vs = o[i * 5 + 2]!;
      const ve = o[i * 5 + 3]!;
      switch (kind) {
        case K.contentLength: {
          const prev = cl;
          cl = combineContentLength(cl, buf, vs, ve);
          if (cl === CL_INVALID) return fail(this, 'framing_invalid_content_length', o[i * 5]! - base, `Content-Length "${show(buf, vs, ve)}" is not 1*DIGIT`);
          if (cl === CL_DIFFER) return fail(this, 'framing_duplicate_content_length', o[i * 5]! - base, `Content-Length values differ ("${show(buf, vs, ve)}")`);
          if (prev >= 0) this.warnings |= HEAD_WARNING.repeatedContentLength;
          break;
        }
        case K.transferEncoding: {
          const lineEnd = o[i * 5 + 4]!;
          te.add(buf, o[i * 5 + 1]! + 1, buf[lineEnd - 2] === CR ? lineEnd - 2 : lineEnd - 1, base);
          h.hopByHop[i] = 1;
          break;
        }
        case K.connection:
          conn |= connectionOptions(buf, vs, ve);
          h.hopByHop[i] = 1;
          break;
        case K.keepAlive:
          h.keepAliveTimeoutSec = keepAliveTimeout(buf, vs, ve);
          h.hopByHop[i] = 1;
          break;
        case K.upgrade:
          if (h.upgradeIndex < 0) h.upgradeIndex = i;
          h.hopByHop[i] = 1;
          break;
        case K.te:
        case K.proxyConnection:
          h.hopByHop[i] = 1;
          break;
      }
    }
    const status = h.status;
    const at = h.headStart - base;
    if (te.lines > 0 && cl >= 0) return fail(this, 'framing_cl_and_te', at, 'both Content-Length and Transfer-Encoding (RFC 9112 §6.3 rule 3)');
    if (te.lines > 0 && h.version === 10) return fail(this, 'framing_te_http10', at, 'Transfer-Encoding in an HTTP/1.0 response (RFC 9112 §6.1)');
    if (te.lines > 0) {
      if (te.unknownAt >= 0) return fail(this, 'framing_unknown_transfer_encoding', te.unknownAt, `unknown transfer coding "${te.unknownText}"`);
      if (te.chunked > 1) return fail(this, 'framing_chunked_repeated', at, 'chunked applied more than once');
      if (te.chunked === 1 && !te.chunkedLast) return fail(this, 'framing_chunked_not_final', at, 'chunked is not the final transfer coding');
      if (te.oddWhitespaceAt >= 0) this.warnings |= HEAD_WARNING.teWhitespace;
    }
    const noBody = this.#requestWasHead || status < 200 || status === 204 || status === 304;
    if (noBody) {
      h.framing = 'none';
      if ((te.lines > 0 || cl >= 0) && (status < 200 || status === 204)) this.warnings |= HEAD_WARNING.framingOnNoBodyResponse;
      if (cl >= 0) h.contentLength = cl;
    } else if (te.lines > 0) {
      if (te.chunked === 1) h.framing = 'chunked';
      else {
        h.framing = 'until-close';
        this.warnings |= HEAD_WARNING.teNotChunked;
      }
    } else if (cl >= 0) {
      h.framing = 'length';
      h.contentLength = cl;
    } else {
      h.framing = 'until-close';
    }
    h.connectionClose = (conn & CONN_CLOSE) !== 0;
    h.connectionKeepAlive = (conn & CONN_KEEP_ALIVE) !== 0;
    h.connectionUpgrade = (conn & CONN_UPGRADE) !== 0;
    h.interim = status < 200 && status !== 101;
    const open = h.version === 11 ? !h.connectionClose : h.connectionKeepAlive && !h.connectionClose;
    h.keepAlive = open && h.framing !== 'until-close' && status !== 101;
    if ((conn & CONN_OTHER) !== 0) this.warnings |= markListedNames(h);
    h.warnings = this.warnings;
    h.headEnd = headEnd;
    return headEnd;
  }
}

export function createResponseParser(options?: ResponseParserOptions): ResponseParser {
  return new ResponseParserImpl(options);
}
