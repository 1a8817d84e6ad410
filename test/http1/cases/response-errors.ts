// Minimal response heads that each trigger exactly one parse code: what a misbehaving target
// sends (the lab's malformed-status, malformed-header, CL+TE and oversized-header faults).
import type { ErrorCase } from './request-errors.ts';

export interface ResponseErrorCase extends ErrorCase {
  allowBareLf?: boolean;
  requestWasHead?: boolean;
}

const ok = (fields: string, line = 'HTTP/1.1 200 OK'): string => `${line}\r\n${fields}\r\n`;

export const RESPONSE_ERRORS: ResponseErrorCase[] = [
  // status line
  { name: 'HTML without a status line', input: '<html>hello</html>\r\n\r\n', code: 'status_line_invalid', offset: 0 },
  { name: 'TLS alert on a plain connection', input: '\x15\x03\x01\x00\x02\x02\x46', code: 'status_line_invalid', offset: 0 },
  { name: 'lower-case version', input: ok('', 'http/1.1 200 OK'), code: 'status_line_invalid', offset: 0 },
  { name: 'HTTP/2.0 status line', input: ok('', 'HTTP/2.0 200 OK'), code: 'version_unsupported' },
  { name: 'HTTP/1.2 status line', input: ok('', 'HTTP/1.2 200 OK'), code: 'version_unsupported' },
  { name: 'version with a letter', input: ok('', 'HTTP/1.x 200 OK'), code: 'version_invalid', offset: 0 },
  { name: 'no SP after the version', input: ok('', 'HTTP/1.1\t200 OK'), code: 'status_line_invalid', offset: 8 },
  { name: 'two SP after the version', input: ok('', 'HTTP/1.1  200 OK'), code: 'status_code_invalid', offset: 9 },
  { name: 'two-digit status', input: ok('', 'HTTP/1.1 20 OK'), code: 'status_code_invalid', offset: 9 },
  { name: 'four-digit status', input: ok('', 'HTTP/1.1 2000 OK'), code: 'status_code_invalid', offset: 9 },
  { name: 'status 099', input: ok('', 'HTTP/1.1 099 Low'), code: 'status_code_invalid' },
  { name: 'status 600', input: ok('', 'HTTP/1.1 600 High'), code: 'status_code_invalid' },
  { name: 'letter after the status code', input: ok('', 'HTTP/1.1 200x OK'), code: 'status_line_invalid', offset: 12 },
  { name: 'NUL in the reason', input: ok('', 'HTTP/1.1 200 O\x00K'), code: 'reason_invalid', offset: 14 },
  { name: 'ESC in the reason', input: ok('', 'HTTP/1.1 200 \x1bOK'), code: 'reason_invalid', offset: 13 },
  { name: 'bare CR in the status line', input: 'HTTP/1.1 200 OK\rX: 1\r\n\r\n', code: 'bare_cr', offset: 15 },
  { name: 'bare LF when not tolerated', input: 'HTTP/1.1 200 OK\nContent-Length: 0\n\n', code: 'bare_lf', offset: 15, allowBareLf: false },
  { name: 'bare LF in a field line when not tolerated', input: 'HTTP/1.1 200 OK\r\nContent-Length: 0\n\r\n', code: 'bare_lf', allowBareLf: false },
  { name: 'bare LF as final line when not tolerated', input: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\n', code: 'bare_lf', allowBareLf: false },
  // field lines
  { name: 'space before colon', input: ok('Content-Length : 0\r\n'), code: 'space_before_colon', offset: 31 },
  { name: 'header without colon', input: ok('Content-Length 0\r\n'), code: 'header_name_invalid' },
  { name: 'name only', input: ok('X-Broken\r\n'), code: 'missing_colon', offset: 25 },
  { name: 'separator in a name', input: ok('X(Y): 1\r\n'), code: 'header_name_invalid', offset: 18 },
  { name: 'NUL in a value', input: ok('X: \x00\r\n'), code: 'header_value_nul', offset: 20 },
  { name: 'control byte in a value', input: ok('X: \x01\r\n'), code: 'header_value_invalid', offset: 20 },
  { name: 'obs-fold', input: ok('X: a\r\n b\r\n'), code: 'obs_fold', offset: 23 },
  { name: 'bare CR in a value', input: ok('X: a\rb\r\n'), code: 'bare_cr', offset: 21 },
  { name: 'more field lines than maxHeaders', input: ok('A: 1\r\nB: 2\r\n'), code: 'too_many_headers', limits: { maxHeaders: 1 } },
  { name: 'head longer than maxHeadBytes', input: ok(`X: ${'a'.repeat(5000)}\r\n`), code: 'head_too_large', limits: { maxHeadBytes: 4096 }, offset: 4096 },
  // framing (RFC 9112 §6.3)
  { name: 'CL and TE', input: ok('Content-Length: 5\r\nTransfer-Encoding: chunked\r\n'), code: 'framing_cl_and_te', offset: 0 },
  { name: 'CL and TE on a response to HEAD', input: ok('Content-Length: 5\r\nTransfer-Encoding: chunked\r\n'), code: 'framing_cl_and_te', requestWasHead: true },
  { name: 'two different Content-Length', input: ok('Content-Length: 5\r\nContent-Length: 7\r\n'), code: 'framing_duplicate_content_length', offset: 36 },
  { name: 'Content-Length list with different values', input: ok('Content-Length: 5, 7\r\n'), code: 'framing_duplicate_content_length' },
  { name: 'Content-Length -1', input: ok('Content-Length: -1\r\n'), code: 'framing_invalid_content_length', offset: 17 },
  { name: 'Content-Length 12abc', input: ok('Content-Length: 12abc\r\n'), code: 'framing_invalid_content_length' },
  { name: 'empty Content-Length', input: ok('Content-Length: \r\n'), code: 'framing_invalid_content_length' },
  { name: 'unknown transfer coding', input: ok('Transfer-Encoding: chunk\r\n'), code: 'framing_unknown_transfer_encoding', offset: 36 },
  { name: 'identity transfer coding', input: ok('Transfer-Encoding: identity\r\n'), code: 'framing_unknown_transfer_encoding' },
  { name: 'chunked, gzip', input: ok('Transfer-Encoding: chunked, gzip\r\n'), code: 'framing_chunked_not_final' },
  { name: 'chunked twice', input: ok('Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n'), code: 'framing_chunked_repeated' },
  { name: 'Transfer-Encoding from an HTTP/1.0 server', input: ok('Transfer-Encoding: chunked\r\n', 'HTTP/1.0 200 OK'), code: 'framing_te_http10' },
];
