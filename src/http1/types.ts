// The public shapes of Gatewise's strict HTTP/1.1 layer (RFC 9112 message syntax, RFC 9110
// semantics). Built for a proxy's hot path: one parser object per connection, reused for every
// head; header lines kept as byte offsets into the buffer the head arrived in, so a proxy re-emits
// them by copying ranges. Nothing here imports the rest of Gatewise: errors are parse codes (data),
// which the gateway and the probe map to causes.

/**
 * Why a head, a chunked body or a trailer section was refused: code → meaning. Codes are
 * permanent (never renamed, never reused); tests check each one is produced and documented.
 */
export const PARSE_ERRORS = {
  head_too_large: 'no end of head within maxHeadBytes',
  too_many_headers: 'more than maxHeaders field lines',
  request_line_invalid: 'wrong shape: not exactly `method SP target SP version CRLF` (two spaces, no version, trailing SP)',
  method_invalid: 'method is not a token (RFC 9110 §9.1)',
  target_invalid: 'holds a CTL or DEL, or is not origin-, absolute-, authority- or asterisk-form (RFC 9112 §3.2)',
  version_invalid: 'not `HTTP/` DIGIT `.` DIGIT',
  version_unsupported: 'well-formed but not HTTP/1.0 or HTTP/1.1',
  status_line_invalid: 'wrong shape of `HTTP-version SP 3DIGIT [SP reason]`',
  status_code_invalid: 'not 3 digits in 100..599',
  reason_invalid: 'reason phrase holds a CTL other than HTAB',
  bare_cr: 'CR not followed by LF, anywhere',
  bare_lf: 'LF without CR in a request (RFC 9112 §2.2; tolerated with a warning in responses)',
  header_name_invalid: 'empty name or a byte that is not a tchar',
  space_before_colon: '`Name : value` (RFC 9112 §5.1: MUST reject)',
  missing_colon: 'a field line without `:`',
  header_value_nul: 'NUL in a value',
  header_value_invalid: 'another CTL (not HTAB) or DEL in a value',
  obs_fold: 'a line starting with SP/HTAB (obsolete line folding, RFC 9112 §5.2)',
  host_missing: 'HTTP/1.1 request without Host (RFC 9112 §3.2)',
  host_duplicate: 'more than one Host line',
  host_invalid: 'Host value with characters a uri-host[:port] cannot hold',
  framing_cl_and_te: 'both Content-Length and Transfer-Encoding (RFC 9112 §6.3 rule 3)',
  framing_duplicate_content_length: 'several Content-Length values that differ (RFC 9110 §8.6)',
  framing_invalid_content_length: 'not 1*DIGIT, or too many digits',
  framing_unknown_transfer_encoding: 'a coding we do not know (`xchunked`, `identity`, …)',
  framing_chunked_not_final: '`chunked, gzip`: chunked must be the last coding (RFC 9112 §6.1)',
  framing_chunked_repeated: 'chunked applied twice (RFC 9112 §6.1 MUST NOT)',
  framing_te_not_chunked: 'request TE whose final coding is not chunked (RFC 9112 §6.3 rule 4)',
  framing_te_unsupported: 'request TE with codings besides chunked (`gzip, chunked`): NGINX answers 501',
  framing_te_whitespace: 'request TE with tabs / trailing or extra spaces (TE.TE obfuscation)',
  framing_te_http10: 'Transfer-Encoding in an HTTP/1.0 message (RFC 9112 §6.1: faulty framing)',
  chunked_invalid_size: 'chunk-size not 1*HEXDIG followed by `;` ext or CRLF',
  chunked_too_large_size: 'more than maxSizeDigits hex digits, or above 2^53-1',
  chunked_missing_crlf: 'chunk data not followed by CRLF, or a bare LF in the framing',
  chunked_invalid_extension: 'a chunk extension holding a CTL',
  chunked_extension_too_large: 'chunk-size line extensions longer than maxExtensionBytes',
  trailer_too_large: 'trailer section longer than maxTrailerBytes',
  trailer_too_many: 'more than maxTrailers trailer lines',
  trailer_name_invalid: 'trailer field name empty or not a token',
  trailer_space_before_colon: 'whitespace between a trailer name and ":"',
  trailer_missing_colon: 'a trailer line without ":"',
  trailer_value_nul: 'NUL in a trailer value',
  trailer_value_invalid: 'a CTL (not HTAB) or DEL in a trailer value',
  trailer_obs_fold: 'a trailer line starting with SP/HTAB',
  trailer_bare_cr: 'CR not followed by LF in the trailer section',
  trailer_bare_lf: 'LF without CR in the trailer section',
  trailer_forbidden_field: 'Content-Length, Transfer-Encoding, Host… in trailers (RFC 9110 §6.5.1)',
} as const;
export type ParseErrorCode = keyof typeof PARSE_ERRORS;

export interface ParseError {
  readonly code: ParseErrorCode;
  /** Byte offset from the start of the head (or of the chunked body), where the fault was seen. */
  readonly offset: number;
  /** One short human sentence, e.g. `space before ":" in field name "Content-Length"`. */
  readonly detail: string;
}

/** Result of one `execute()` call. Interned strings: comparing them allocates nothing. */
export type ParseStatus = 'more' | 'done' | 'error';

/**
 * Well-known field names, recognised while parsing (case-insensitively, no allocation) so a proxy
 * decides per line with an integer compare. `other` is every name not listed.
 */
export const HEADER_KIND = {
  other: 0,
  host: 1,
  contentLength: 2,
  transferEncoding: 3,
  connection: 4,
  keepAlive: 5,
  proxyConnection: 6,
  te: 7,
  upgrade: 8,
  proxyAuthorization: 9,
  expect: 10,
  trailer: 11,
  via: 12,
  xForwardedFor: 13,
  xForwardedProto: 14,
  xForwardedHost: 15,
  forwarded: 16,
  xRequestId: 17,
  date: 18,
  server: 19,
  proxyStatus: 20,
} as const;
export type HeaderKind = (typeof HEADER_KIND)[keyof typeof HEADER_KIND];

/** Bitmask of header kinds (bit = 1 << kind), e.g. for `dropKinds` in the serializers. */
export type KindMask = number;

/** Warnings: legal-but-suspicious or tolerated deviations. Bits in `head.warnings`. */
export const HEAD_WARNING = {
  /** Response lines ended with LF alone (tolerated like NGINX does; reported so the probe warns). */
  bareLf: 1,
  /** Status line without the SP before an empty reason: `HTTP/1.1 200` (NGINX accepts it). */
  noReasonSpace: 2,
  /** Content-Length repeated with the same value (RFC 9110 §8.6 allows treating it as one). */
  repeatedContentLength: 4,
  /** Content-Length or Transfer-Encoding on a response that cannot have a body (1xx/204/304/HEAD). */
  framingOnNoBodyResponse: 8,
  /** Response Transfer-Encoding with whitespace other than `, ` between codings. */
  teWhitespace: 16,
  /** Response Transfer-Encoding not ending in chunked: body runs until close (RFC 9112 §6.3). */
  teNotChunked: 32,
  /** Connection lists a framing field (Content-Length, Transfer-Encoding, Host): not removed. */
  connectionListsFraming: 64,
  /** Request field `Content_Length` / `Transfer_Encoding` (a framing alias for CGI-style servers): marked hop-by-hop, never forwarded. */
  framingAlias: 128,
} as const;
export type HeadWarning = (typeof HEAD_WARNING)[keyof typeof HEAD_WARNING];

/**
 * The field lines of a parsed head (or trailer section), as offsets into `buf`.
 * A view: valid until the next `execute()`/`reset()` of the object that produced it.
 */
export interface FieldLines {
  /** Bytes the offsets point into: the caller's chunk when the head came in one piece, else the parser's own copy. */
  readonly buf: Buffer;
  /** First byte of the head (start line) and one past its final empty line, in `buf`. */
  readonly headStart: number;
  readonly headEnd: number;
  /** Number of field lines. */
  readonly count: number;
  /**
   * Per line i, five offsets at i*5: nameStart, nameEnd, valueStart, valueEnd (value trimmed of
   * OWS), lineEnd (one past the line's LF). Line i starts at nameStart.
   */
  readonly offsets: Uint32Array;
  /** Per line i: its HeaderKind. */
  readonly kinds: Uint8Array;
  /** Per line i: 1 when hop-by-hop (by name, or listed in Connection), else 0. */
  readonly hopByHop: Uint8Array;
  /** Index of the first line whose name equals `lowerName` (ASCII case-insensitive), or -1. No allocation. */
  indexOf(lowerName: string, from?: number): number;
  /** Name / value of line i as strings (allocates: for logs, the probe and tests, not the hot path). */
  name(i: number): string;
  value(i: number): string;
  /** Value of the first line named `lowerName`, or undefined. Allocates. */
  get(lowerName: string): string | undefined;
}

/** How a request body is delimited (RFC 9112 §6.3). `length` includes 0. */
export type RequestFraming = 'none' | 'length' | 'chunked';
/** How a response body is delimited (RFC 9112 §6.3); `none` = cannot have a body (HEAD, 1xx, 204, 304). */
export type ResponseFraming = 'none' | 'length' | 'chunked' | 'until-close';

export interface RequestHead extends FieldLines {
  /** Interned for the common methods (GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS, CONNECT, TRACE). */
  readonly method: string;
  readonly isHead: boolean;
  /** Byte range of the request-target in `buf`; `target` is a string made on first access. */
  readonly targetStart: number;
  readonly targetEnd: number;
  readonly target: string;
  /**
   * The target in origin-form, what a proxy routes on and forwards: the target itself, or for an
   * absolute-form one (`http://host/p?q`, RFC 9112 §3.2.2) its path and query (`/p?q`, `/` when
   * empty), which start at `pathStart` (= `targetEnd` when empty). Asterisk- and authority-form as sent.
   */
  readonly path: string;
  readonly pathStart: number;
  /** The authority of an absolute-form target in `buf`, else -1 and -1. */
  readonly authorityStart: number;
  readonly authorityEnd: number;
  /** 10 or 11 (HTTP/1.0, HTTP/1.1). */
  readonly version: 10 | 11;
  readonly framing: RequestFraming;
  /** Body length when framing is `length`, else -1. */
  readonly contentLength: number;
  /**
   * Index of the Host line, or -1. `host` is the request's host (made on access): an absolute-form
   * target's authority (the Host line is then ignored, RFC 9112 §3.2.2), else the Host line's value, or ''.
   */
  readonly hostIndex: number;
  readonly host: string;
  /** Connection tokens. */
  readonly connectionClose: boolean;
  readonly connectionKeepAlive: boolean;
  readonly connectionUpgrade: boolean;
  /** The client asked to keep the connection open (1.1 without close; 1.0 with keep-alive). */
  readonly keepAlive: boolean;
  /** Connection: upgrade AND an Upgrade line (HTTP/1.1 only); `upgradeIndex` is that line or -1. */
  readonly upgrade: boolean;
  readonly upgradeIndex: number;
  /** Expect: 100-continue (case-insensitive); `expectOther` = an Expect value we do not know (RFC 9110 §10.1.1 → 417). */
  readonly expectContinue: boolean;
  readonly expectOther: boolean;
  /** TE: trailers present (the only TE value a proxy forwards). */
  readonly teTrailers: boolean;
  /** Bits of HEAD_WARNING. */
  readonly warnings: number;
}

export interface ResponseHead extends FieldLines {
  readonly version: 10 | 11;
  readonly status: number;
  /** Reason phrase range (may be empty); `reason` made on access. */
  readonly reasonStart: number;
  readonly reasonEnd: number;
  readonly reason: string;
  /** 1xx other than 101: forward it, then keep parsing the same response (execute() again). */
  readonly interim: boolean;
  readonly framing: ResponseFraming;
  readonly contentLength: number;
  readonly connectionClose: boolean;
  readonly connectionKeepAlive: boolean;
  readonly connectionUpgrade: boolean;
  /** The connection can carry another exchange after this one: version/Connection allow it and framing is not until-close. */
  readonly keepAlive: boolean;
  /** `Keep-Alive: timeout=N` in seconds, or -1 when absent/invalid. */
  readonly keepAliveTimeoutSec: number;
  readonly upgradeIndex: number;
  readonly warnings: number;
}

export interface HeadLimits {
  /** Largest head, start line to final CRLF inclusive. Default 16384 (≈ NGINX large_client_header_buffers 4 8k halves; HAProxy bufsize 16k). */
  readonly maxHeadBytes?: number;
  /** Most field lines. Default 100 (HAProxy tune.http.maxhdr is 101). */
  readonly maxHeaders?: number;
}

/**
 * Incremental head parser, one per connection, reused for every message.
 * `execute(chunk, start)` reads from `chunk[start]`:
 *  - 'more': all of chunk[start..] was taken (copied aside); call again with the next chunk.
 *  - 'done': `head` is ready; `consumed` bytes of chunk (from `start`) belonged to it, so
 *    body / pipelined bytes begin at `start + consumed`.
 *  - 'error': `error` says why; the connection must be closed.
 * After 'done' or 'error', the next execute() starts a new head.
 */
export interface HeadParser<H> {
  execute(chunk: Buffer, start?: number): ParseStatus;
  readonly consumed: number;
  readonly head: H;
  readonly error: ParseError | null;
  /** Bytes of a head still incomplete, held from earlier chunks (0 between heads). */
  readonly pending: number;
  /** Forget any partial head. */
  reset(): void;
  /**
   * After 'done': make `head` independent of the chunk it was parsed from, for a caller that will
   * reuse that chunk's memory (a socket reading into one shared buffer). The head's bytes are
   * copied with their offsets unchanged; a no-op when the head was gathered in the parser's stash.
   */
  detachHead(): void;
  /**
   * The message is handled: the head lets go of its bytes and of the strings made from them, so a
   * connection that then idles holds nothing of it. Partial bytes of a next head are kept.
   */
  release(): void;
}

export type RequestParser = HeadParser<RequestHead>;

export interface ResponseParser extends HeadParser<ResponseHead> {
  /**
   * Call before the first execute() of each exchange: framing depends on the request method
   * (a response to HEAD has no body, RFC 9112 §6.3 rule 1). Also forgets any partial head.
   * Interim (1xx) heads of the same exchange keep the setting.
   */
  startExchange(requestWasHead: boolean): void;
}

export interface ResponseParserOptions extends HeadLimits {
  /** Accept LF-only line endings (with HEAD_WARNING.bareLf). Default true (NGINX and llhttp do). */
  readonly allowBareLf?: boolean;
}

export interface ChunkedLimits {
  /** Most hex digits in a chunk-size (leading zeros count). Default 16. */
  readonly maxSizeDigits?: number;
  /** Most bytes of chunk extensions on one chunk-size line. Default 4096. */
  readonly maxExtensionBytes?: number;
  /** Largest trailer section (all lines incl. the final CRLF). Default 8192. */
  readonly maxTrailerBytes?: number;
  /** Most trailer lines. Default 32. */
  readonly maxTrailers?: number;
  /** Accept LF-only endings in the chunked framing (responses only; sets `bareLf`). Default false. */
  readonly allowBareLf?: boolean;
}

/**
 * Streaming validator of a chunked body (RFC 9112 §7.1). It never changes bytes: it says how many
 * bytes of each chunk belong to the body so the proxy forwards the original bytes verbatim.
 *  - 'more': chunk[start..] all belongs to the body; feed the next chunk.
 *  - 'done': the body (last-chunk + trailers + final CRLF) ends at `start + consumed`.
 *  - 'error': `error` (offset counts from the first byte of the body).
 */
export interface ChunkedDecoder {
  execute(chunk: Buffer, start?: number): ParseStatus;
  readonly consumed: number;
  readonly error: ParseError | null;
  /** Sum of chunk-data bytes seen so far (the decoded body length). */
  readonly dataBytes: number;
  /** Total framed bytes seen so far (what was forwarded). */
  readonly wireBytes: number;
  /** After 'done': the trailer fields (offsets into the decoder's own copy). */
  readonly trailers: FieldLines;
  /** True when an LF-only ending was accepted (allowBareLf). */
  readonly bareLf: boolean;
  /**
   * When set, called during `execute` with each range of chunk-data bytes, in order: the decoded
   * body, for a recipient that cannot take the chunked coding (an HTTP/1.0 client, RFC 9112 §6.1).
   * The range is a view of the caller's buffer, valid only during the call.
   */
  onData: ((chunk: Buffer, start: number, end: number) => void) | null;
  /** Start a new body (keeps `onData`). */
  reset(): void;
}

/**
 * Content-Length body tracker: `execute` takes min(remaining, available) bytes.
 * 'more' while bytes remain, 'done' when the body is complete (`consumed` bytes were body).
 */
export interface LengthBody {
  execute(chunk: Buffer, start?: number): ParseStatus;
  readonly consumed: number;
  readonly remaining: number;
  reset(length: number): void;
}

/** What the serializer writes as the Connection line. 'none' writes none. */
export type ConnectionDirective = 'keep-alive' | 'close' | 'upgrade' | 'none';

export interface RequestHeadOptions {
  /** Connection line for the target. 'upgrade' also keeps the client's Upgrade line. */
  readonly connection: ConnectionDirective;
  /**
   * Extra field lines, already formatted, each ending in CRLF (Via, X-Forwarded-*, Forwarded,
   * X-Request-Id…). Written as latin1. May be ''.
   */
  readonly extra: string;
  /** Kinds to drop on top of hop-by-hop ones (e.g. the client's X-Forwarded-For when `extra` carries a merged one). */
  readonly dropKinds?: KindMask;
  /** Replace the request-target (path rewriting). Default: the client's target in origin-form. */
  readonly target?: string;
  /**
   * The Host value for a request that has none (HTTP/1.0 may omit it; the next hop gets HTTP/1.1,
   * which requires it). An absolute-form request's Host is always its authority.
   */
  readonly host?: string;
}

export interface ResponseHeadOptions {
  readonly connection: ConnectionDirective;
  readonly extra: string;
  readonly dropKinds?: KindMask;
  /** Add `Transfer-Encoding: chunked` (the gateway re-frames an until-close body). Only when the target sent no TE. */
  readonly addChunked?: boolean;
  /**
   * Bytes to leave free after the head, where the caller copies a small body: head and body then
   * go out in one buffer from one allocation. The head ends at `length - reserve`.
   */
  readonly reserve?: number;
}

/** Function signatures exported from `src/http1/index.ts`. */
export type CreateRequestParser = (limits?: HeadLimits) => RequestParser;
export type CreateResponseParser = (options?: ResponseParserOptions) => ResponseParser;
export type CreateChunkedDecoder = (limits?: ChunkedLimits) => ChunkedDecoder;
export type CreateLengthBody = (length: number) => LengthBody;
/**
 * Request head for the target: `method SP target SP HTTP/1.1` (origin-form; an absolute-form target's
 * authority becomes the Host line in place of the client's), the client's lines minus hop-by-hop
 * ones (Connection, Keep-Alive, Proxy-Connection, TE except `trailers`, Transfer-Encoding,
 * Upgrade unless upgrading, Proxy-Authorization, every name listed in Connection) and `dropKinds`,
 * then `Transfer-Encoding: chunked` when the body is chunked, `TE: trailers` when asked, the
 * Connection line, `extra`, CRLF. One Buffer, ranges copied.
 */
export type SerializeRequestHead = (head: RequestHead, options: RequestHeadOptions) => Buffer;
/**
 * Response head for the client: `HTTP/1.1 SP status SP reason`, the target's lines minus hop-by-hop
 * ones (Transfer-Encoding is kept: the body is forwarded verbatim with its codings), then
 * the Connection line, `extra`, CRLF.
 */
export type SerializeResponseHead = (head: ResponseHead, options: ResponseHeadOptions) => Buffer;
/** Bitmask of the given kinds. */
export type KindMaskOf = (...kinds: HeaderKind[]) => KindMask;
/** Names of the HEAD_WARNING bits set in `warnings` (for the probe's report). */
export type WarningNames = (warnings: number) => string[];
