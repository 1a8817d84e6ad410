// Minimal request heads that each trigger exactly one parse code, including the request
// smuggling vectors from the literature (Kettle 2019 "HTTP Desync Attacks"; RFC 9112 §11.2).
import type { HeadLimits, ParseErrorCode } from '../../../src/http1/index.ts';

export interface ErrorCase {
  name: string;
  input: string;
  code: ParseErrorCode;
  /** Expected offset from the start of the head, when the case pins it. */
  offset?: number;
  limits?: HeadLimits;
}

const H = 'Host: a\r\n';
const req = (fields: string, line = 'GET / HTTP/1.1'): string => `${line}\r\n${fields}\r\n`;

export const REQUEST_ERRORS: ErrorCase[] = [
  // request line
  { name: 'TLS ClientHello on a plain port', input: '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03', code: 'method_invalid', offset: 0 },
  { name: 'method starts with a separator', input: req(H, '@GET / HTTP/1.1'), code: 'method_invalid', offset: 0 },
  { name: 'method holds "("', input: req(H, 'GE(T / HTTP/1.1'), code: 'method_invalid', offset: 2 },
  { name: 'method holds NUL', input: req(H, 'G\x00T / HTTP/1.1'), code: 'method_invalid', offset: 1 },
  { name: 'request line starts with SP', input: req(H, ' GET / HTTP/1.1'), code: 'method_invalid', offset: 0 },
  { name: 'method only', input: 'GET\r\n\r\n', code: 'request_line_invalid', offset: 3 },
  { name: 'two spaces after the method', input: req(H, 'GET  / HTTP/1.1'), code: 'request_line_invalid', offset: 4 },
  { name: 'HTTP/0.9 request (no version)', input: 'GET /\r\n\r\n', code: 'request_line_invalid', offset: 5 },
  { name: 'trailing SP after the version', input: req(H, 'GET / HTTP/1.1 '), code: 'request_line_invalid', offset: 14 },
  { name: 'two spaces before the version', input: req(H, 'GET /  HTTP/1.1'), code: 'version_invalid' },
  { name: 'HTAB in the target', input: req(H, 'GET /a\tb HTTP/1.1'), code: 'target_invalid', offset: 6 },
  { name: 'control byte in the target', input: req(H, 'GET /a\x01b HTTP/1.1'), code: 'target_invalid', offset: 6 },
  { name: 'DEL in the target', input: req(H, 'GET /a\x7f HTTP/1.1'), code: 'target_invalid', offset: 6 },
  { name: 'NUL in the target', input: req(H, 'GET /\x00 HTTP/1.1'), code: 'target_invalid', offset: 5 },
  { name: 'target starting with "?"', input: req(H, 'GET ?x HTTP/1.1'), code: 'target_invalid', offset: 4 },
  { name: 'asterisk with more', input: req(H, 'OPTIONS *x HTTP/1.1'), code: 'target_invalid' },
  { name: 'lower-case http version', input: req(H, 'GET / http/1.1'), code: 'version_invalid', offset: 6 },
  { name: 'version with a letter', input: req(H, 'GET / HTTP/1.x'), code: 'version_invalid' },
  { name: 'version with two-digit major', input: req(H, 'GET / HTTP/11.1'), code: 'version_invalid' },
  { name: 'version followed by a byte', input: req(H, 'GET / HTTP/1.1x'), code: 'version_invalid', offset: 14 },
  { name: 'HTTP/2.0 in an HTTP/1 request line', input: req(H, 'GET / HTTP/2.0'), code: 'version_unsupported' },
  { name: 'HTTP/1.2', input: req(H, 'GET / HTTP/1.2'), code: 'version_unsupported' },
  { name: 'HTTP/0.9 with version', input: req(H, 'GET / HTTP/0.9'), code: 'version_unsupported' },
  // line endings
  { name: 'bare LF after the request line', input: 'GET / HTTP/1.1\nHost: a\r\n\r\n', code: 'bare_lf', offset: 14 },
  { name: 'bare LF after a field line', input: 'GET / HTTP/1.1\r\nHost: a\nX: b\r\n\r\n', code: 'bare_lf', offset: 23 },
  { name: 'bare LF as the final empty line', input: 'GET / HTTP/1.1\r\nHost: a\r\n\n', code: 'bare_lf', offset: 25 },
  { name: 'bare LF before the request line', input: '\nGET / HTTP/1.1\r\nHost: a\r\n\r\n', code: 'bare_lf', offset: 0 },
  { name: 'bare LF hiding a smuggled header (X: x\\nTransfer-Encoding: chunked)', input: req(`${H}X: x\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n`), code: 'bare_lf' },
  { name: 'bare CR after the request line', input: 'GET / HTTP/1.1\rHost: a\r\n\r\n', code: 'bare_cr', offset: 14 },
  { name: 'bare CR inside a value', input: 'GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n', code: 'bare_cr', offset: 29 },
  { name: 'bare CR at a line start', input: 'GET / HTTP/1.1\r\nHost: a\r\n\rX: 1\r\n\r\n', code: 'bare_cr', offset: 25 },
  { name: 'bare CR after a name', input: 'GET / HTTP/1.1\r\nHost: a\r\nX\rY: 1\r\n\r\n', code: 'bare_cr', offset: 26 },
  { name: 'bare CR before the request line', input: '\r GET / HTTP/1.1\r\n\r\n', code: 'bare_cr', offset: 0 },
  // field lines
  { name: 'space before colon', input: req('Host : a\r\n'), code: 'space_before_colon', offset: 20 },
  { name: 'tab before colon', input: req('Host\t: a\r\n'), code: 'space_before_colon', offset: 20 },
  { name: 'space before colon on Transfer-Encoding (TE.CL vector)', input: req(`${H}Transfer-Encoding : chunked\r\nContent-Length: 3\r\n`), code: 'space_before_colon' },
  { name: 'space before colon on Content-Length', input: req(`${H}Content-Length : 3\r\n`), code: 'space_before_colon' },
  { name: 'whitespace inside a name', input: req(`${H}X Y: 1\r\n`), code: 'header_name_invalid' },
  { name: 'separator in a name', input: req(`${H}X@Y: 1\r\n`), code: 'header_name_invalid', offset: 26 },
  { name: 'empty name', input: req(`${H}: v\r\n`), code: 'header_name_invalid', offset: 25 },
  { name: 'NUL at the start of a name', input: req(`${H}\x00X: 1\r\n`), code: 'header_name_invalid', offset: 25 },
  { name: 'DEL in a name', input: req(`${H}X\x7f: 1\r\n`), code: 'header_name_invalid' },
  { name: 'non-ASCII byte in a name', input: req(`${H}X\xe9: 1\r\n`), code: 'header_name_invalid' },
  { name: 'line without colon', input: req(`${H}Hosta\r\n`), code: 'missing_colon', offset: 30 },
  { name: 'NUL in a value', input: req(`${H}X: a\x00b\r\n`), code: 'header_value_nul', offset: 29 },
  { name: 'NUL at the end of a Transfer-Encoding value', input: req(`${H}Transfer-Encoding: chunked\x00\r\n`), code: 'header_value_nul' },
  { name: 'vertical tab before chunked', input: req(`${H}Transfer-Encoding:\x0bchunked\r\n`), code: 'header_value_invalid' },
  { name: 'form feed in a value', input: req(`${H}X: a\x0cb\r\n`), code: 'header_value_invalid' },
  { name: 'DEL in a value', input: req(`${H}X: a\x7f\r\n`), code: 'header_value_invalid' },
  { name: 'ESC in a value', input: req(`${H}X: \x1b[31m\r\n`), code: 'header_value_invalid' },
  { name: 'obs-fold with SP', input: req(`${H}X: a\r\n b\r\n`), code: 'obs_fold', offset: 31 },
  { name: 'obs-fold with HTAB', input: req(`${H}X: a\r\n\tb\r\n`), code: 'obs_fold', offset: 31 },
  { name: 'obs-fold continuing Transfer-Encoding', input: req(`${H}Transfer-Encoding:\r\n chunked\r\n`), code: 'obs_fold' },
  { name: 'Transfer-Encoding name then LF and " : chunked"', input: req(`${H}Transfer-Encoding\n : chunked\r\n`), code: 'missing_colon' },
  { name: 'Transfer-Encoding name then CRLF and " : chunked"', input: req(`${H}Transfer-Encoding\r\n : chunked\r\n`), code: 'missing_colon' },
  { name: 'whitespace before the first field line', input: 'GET / HTTP/1.1\r\n Host: a\r\n\r\n', code: 'obs_fold', offset: 16 },
  { name: 'line starting with SP then Transfer-Encoding', input: req(`${H} Transfer-Encoding: chunked\r\n`), code: 'obs_fold' },
  // Host
  { name: 'HTTP/1.1 without Host', input: 'GET / HTTP/1.1\r\nX: 1\r\n\r\n', code: 'host_missing', offset: 0 },
  { name: 'two Host lines', input: 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', code: 'host_duplicate', offset: 25 },
  { name: 'two identical Host lines', input: 'GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n', code: 'host_duplicate' },
  { name: 'Host with a space inside', input: 'GET / HTTP/1.1\r\nHost: a b\r\n\r\n', code: 'host_invalid', offset: 22 },
  { name: 'Host with a path', input: 'GET / HTTP/1.1\r\nHost: a/b\r\n\r\n', code: 'host_invalid' },
  { name: 'Host with userinfo', input: 'GET / HTTP/1.1\r\nHost: u@a\r\n\r\n', code: 'host_invalid' },
  // Content-Length (RFC 9110 §8.6)
  { name: 'CL.CL: two different Content-Length lines', input: req(`${H}Content-Length: 5\r\nContent-Length: 6\r\n`), code: 'framing_duplicate_content_length', offset: 44 },
  { name: 'Content-Length list 5, 6', input: req(`${H}Content-Length: 5, 6\r\n`), code: 'framing_duplicate_content_length' },
  { name: 'Content-Length list 5,6', input: req(`${H}Content-Length: 5,6\r\n`), code: 'framing_duplicate_content_length' },
  { name: 'Content-Length 0 then 5', input: req(`${H}Content-Length: 0\r\nContent-Length: 5\r\n`), code: 'framing_duplicate_content_length' },
  { name: 'Content-Length +5', input: req(`${H}Content-Length: +5\r\n`), code: 'framing_invalid_content_length', offset: 25 },
  { name: 'Content-Length -1', input: req(`${H}Content-Length: -1\r\n`), code: 'framing_invalid_content_length' },
  { name: 'Content-Length 0x5', input: req(`${H}Content-Length: 0x5\r\n`), code: 'framing_invalid_content_length' },
  { name: 'Content-Length 5 5', input: req(`${H}Content-Length: 5 5\r\n`), code: 'framing_invalid_content_length' },
  { name: 'Content-Length 5.0', input: req(`${H}Content-Length: 5.0\r\n`), code: 'framing_invalid_content_length' },
  { name: 'Content-Length 5;', input: req(`${H}Content-Length: 5;\r\n`), code: 'framing_invalid_content_length' },
  { name: 'Content-Length empty', input: req(`${H}Content-Length:\r\n`), code: 'framing_invalid_content_length' },
  { name: 'Content-Length 5, (empty element)', input: req(`${H}Content-Length: 5,\r\n`), code: 'framing_invalid_content_length' },
  { name: 'Content-Length , 5 (empty element)', input: req(`${H}Content-Length: , 5\r\n`), code: 'framing_invalid_content_length' },
  { name: 'Content-Length of 16 digits (beyond 2^53 safety)', input: req(`${H}Content-Length: 1234567890123456\r\n`), code: 'framing_invalid_content_length' },
  { name: 'Content-Length in words', input: req(`${H}Content-Length: five\r\n`), code: 'framing_invalid_content_length' },
  { name: 'Content-Length with obs-text digit', input: req(`${H}Content-Length: 5\xb9\r\n`), code: 'framing_invalid_content_length' },
  // CL + TE (RFC 9112 §6.3 rule 3)
  { name: 'CL.TE: Content-Length then Transfer-Encoding', input: req(`${H}Content-Length: 6\r\nTransfer-Encoding: chunked\r\n`), code: 'framing_cl_and_te', offset: 0 },
  { name: 'TE.CL: Transfer-Encoding then Content-Length', input: req(`${H}Transfer-Encoding: chunked\r\nContent-Length: 4\r\n`), code: 'framing_cl_and_te' },
  { name: 'Transfer-Encoding: chunked with Content-Length: 0', input: req(`${H}Transfer-Encoding: chunked\r\nContent-Length: 0\r\n`), code: 'framing_cl_and_te' },
  { name: 'Content-Length with an unknown Transfer-Encoding', input: req(`${H}Content-Length: 1\r\nTransfer-Encoding: xchunked\r\n`), code: 'framing_cl_and_te' },
  // Transfer-Encoding obfuscations (TE.TE)
  { name: 'xchunked', input: req(`${H}Transfer-Encoding: xchunked\r\n`), code: 'framing_unknown_transfer_encoding', offset: 44 },
  { name: 'chunkedx', input: req(`${H}Transfer-Encoding: chunkedx\r\n`), code: 'framing_unknown_transfer_encoding' },
  { name: 'chunked-false', input: req(`${H}Transfer-Encoding: chunked-false\r\n`), code: 'framing_unknown_transfer_encoding' },
  { name: 'identity (removed from HTTP/1.1)', input: req(`${H}Transfer-Encoding: identity\r\n`), code: 'framing_unknown_transfer_encoding' },
  { name: 'chunked, identity', input: req(`${H}Transfer-Encoding: chunked, identity\r\n`), code: 'framing_unknown_transfer_encoding' },
  { name: 'quoted "chunked"', input: req(`${H}Transfer-Encoding: "chunked"\r\n`), code: 'framing_unknown_transfer_encoding' },
  { name: 'chunked with a parameter', input: req(`${H}Transfer-Encoding: chunked;q=1\r\n`), code: 'framing_unknown_transfer_encoding' },
  { name: 'empty Transfer-Encoding', input: req(`${H}Transfer-Encoding:\r\n`), code: 'framing_unknown_transfer_encoding' },
  { name: 'empty element before chunked', input: req(`${H}Transfer-Encoding: , chunked\r\n`), code: 'framing_unknown_transfer_encoding' },
  { name: 'second line with an unknown coding', input: req(`${H}Transfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n`), code: 'framing_unknown_transfer_encoding' },
  { name: 'chunked, gzip', input: req(`${H}Transfer-Encoding: chunked, gzip\r\n`), code: 'framing_chunked_not_final' },
  { name: 'chunked then gzip on two lines', input: req(`${H}Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n`), code: 'framing_chunked_not_final' },
  { name: 'chunked, chunked', input: req(`${H}Transfer-Encoding: chunked, chunked\r\n`), code: 'framing_chunked_repeated' },
  { name: 'chunked on two lines', input: req(`${H}Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n`), code: 'framing_chunked_repeated' },
  { name: 'gzip alone on a request', input: req(`${H}Transfer-Encoding: gzip\r\n`), code: 'framing_te_not_chunked' },
  { name: 'gzip, chunked on a request', input: req(`${H}Transfer-Encoding: gzip, chunked\r\n`), code: 'framing_te_unsupported' },
  { name: 'chunked with a trailing SP', input: req(`${H}Transfer-Encoding: chunked \r\n`), code: 'framing_te_whitespace', offset: 51 },
  { name: 'chunked with a trailing HTAB', input: req(`${H}Transfer-Encoding: chunked\t\r\n`), code: 'framing_te_whitespace' },
  { name: 'HTAB before chunked', input: req(`${H}Transfer-Encoding:\tchunked\r\n`), code: 'framing_te_whitespace' },
  { name: 'two SP before chunked', input: req(`${H}Transfer-Encoding:  chunked\r\n`), code: 'framing_te_whitespace' },
  { name: 'Transfer-Encoding in HTTP/1.0', input: req(`Transfer-Encoding: chunked\r\n`, 'GET / HTTP/1.0'), code: 'framing_te_http10' },
  // limits
  { name: 'more field lines than maxHeaders', input: req(`${H}A: 1\r\nB: 2\r\nC: 3\r\n`), code: 'too_many_headers', limits: { maxHeaders: 3 }, offset: 37 },
  { name: 'head longer than maxHeadBytes', input: req(`${H}X: ${'a'.repeat(100)}\r\n`), code: 'head_too_large', limits: { maxHeadBytes: 64 }, offset: 64 },
  { name: 'endless request line', input: `GET /${'a'.repeat(200)}`, code: 'head_too_large', limits: { maxHeadBytes: 128 } },
];
