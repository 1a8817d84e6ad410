// Minimal chunked bodies that each trigger exactly one parse code (RFC 9112 §7.1; the chunk-size
// and line-ending tricks from "funky chunks", Bajaj 2024, and Kettle 2019).
import type { ChunkedLimits, ParseErrorCode } from '../../../src/http1/index.ts';

export interface ChunkedErrorCase {
  name: string;
  input: string;
  code: ParseErrorCode;
  offset?: number;
  limits?: ChunkedLimits;
}

const last = (trailers: string): string => `0\r\n${trailers}\r\n`;

export const CHUNKED_ERRORS: ChunkedErrorCase[] = [
  { name: 'size is not hex', input: 'x\r\n', code: 'chunked_invalid_size', offset: 0 },
  { name: 'empty size line', input: '\r\n', code: 'chunked_invalid_size', offset: 0 },
  { name: 'negative size', input: '-5\r\nhello\r\n0\r\n\r\n', code: 'chunked_invalid_size', offset: 0 },
  { name: 'plus sign', input: '+5\r\nhello\r\n0\r\n\r\n', code: 'chunked_invalid_size', offset: 0 },
  { name: '0x prefix', input: '0x5\r\nhello\r\n0\r\n\r\n', code: 'chunked_invalid_size', offset: 1 },
  { name: 'leading space', input: ' 5\r\nhello\r\n0\r\n\r\n', code: 'chunked_invalid_size', offset: 0 },
  { name: 'trailing space without an extension', input: '5 \r\nhello\r\n0\r\n\r\n', code: 'chunked_invalid_size', offset: 2 },
  { name: 'NUL after the size', input: '5\x00\r\nhello\r\n0\r\n\r\n', code: 'chunked_invalid_size', offset: 1 },
  { name: 'second chunk size invalid', input: '1\r\na\r\nz\r\n', code: 'chunked_invalid_size', offset: 6 },
  { name: 'size above 2^53', input: 'fffffffffffffff\r\n', code: 'chunked_too_large_size' },
  { name: 'more hex digits than allowed (leading zeros count)', input: '00000000000000005\r\nhello\r\n0\r\n\r\n', code: 'chunked_too_large_size', offset: 16 },
  { name: 'limit of 4 digits', input: '10000\r\n', code: 'chunked_too_large_size', offset: 4, limits: { maxSizeDigits: 4 } },
  { name: 'CR not followed by LF after the size', input: '5\rhello\r\n', code: 'chunked_missing_crlf', offset: 2 },
  { name: 'bare LF after the size', input: '5\nhello\r\n0\r\n\r\n', code: 'chunked_missing_crlf', offset: 1 },
  { name: 'bare LF after an extension', input: '5;a=b\nhello\r\n', code: 'chunked_missing_crlf', offset: 5 },
  { name: 'data longer than the size', input: '5\r\nhelloX\r\n0\r\n\r\n', code: 'chunked_missing_crlf', offset: 8 },
  { name: 'data shorter than the size then a size line', input: '6\r\nhello\r\n0\r\n\r\n', code: 'chunked_missing_crlf', offset: 9 },
  { name: 'bare LF after data', input: '5\r\nhello\n0\r\n\r\n', code: 'chunked_missing_crlf', offset: 8 },
  { name: 'CR then a byte after data', input: '5\r\nhello\rX0\r\n\r\n', code: 'chunked_missing_crlf', offset: 9 },
  { name: 'NUL in an extension', input: '5;a\x00\r\nhello\r\n', code: 'chunked_invalid_extension', offset: 3 },
  { name: 'control byte in an extension', input: '5;a=\x01\r\nhello\r\n', code: 'chunked_invalid_extension', offset: 4 },
  { name: 'bare CR inside an extension', input: '5;a\rb\r\n', code: 'chunked_missing_crlf', offset: 4 },
  { name: 'extension longer than the limit', input: '5;aaaaaaaaaaaaa\r\nhello\r\n', code: 'chunked_extension_too_large', limits: { maxExtensionBytes: 8 }, offset: 10 },
  { name: 'trailer with space before colon', input: last('X-T : 1\r\n'), code: 'trailer_space_before_colon', offset: 6 },
  { name: 'trailer with an invalid name', input: last('X@T: 1\r\n'), code: 'trailer_name_invalid', offset: 4 },
  { name: 'trailer without colon', input: last('X-T\r\n'), code: 'trailer_missing_colon', offset: 6 },
  { name: 'trailer with NUL', input: last('X-T: \x00\r\n'), code: 'trailer_value_nul', offset: 8 },
  { name: 'trailer with a control byte', input: last('X-T: a\x08\r\n'), code: 'trailer_value_invalid', offset: 9 },
  { name: 'trailer obs-fold', input: last('X-T: a\r\n b\r\n'), code: 'trailer_obs_fold', offset: 11 },
  { name: 'trailer bare CR', input: last('X-T: a\rb\r\n'), code: 'trailer_bare_cr', offset: 9 },
  { name: 'trailer bare LF', input: last('X-T: a\n'), code: 'trailer_bare_lf', offset: 9 },
  { name: 'final empty line is a bare LF', input: '0\r\nX-T: a\r\n\n', code: 'trailer_bare_lf', offset: 11 },
  { name: 'bare CR as the final line', input: '0\r\n\rX', code: 'trailer_bare_cr', offset: 3 },
  { name: 'too many trailers', input: last('A: 1\r\nB: 2\r\n'), code: 'trailer_too_many', limits: { maxTrailers: 1 }, offset: 9 },
  { name: 'trailer section too large', input: last(`A: ${'a'.repeat(40)}\r\n`), code: 'trailer_too_large', limits: { maxTrailerBytes: 32 }, offset: 35 },
  { name: 'Content-Length in trailers', input: last('Content-Length: 5\r\n'), code: 'trailer_forbidden_field', offset: 3 },
  { name: 'Transfer-Encoding in trailers', input: last('Transfer-Encoding: chunked\r\n'), code: 'trailer_forbidden_field' },
  { name: 'Host in trailers', input: last('Host: evil\r\n'), code: 'trailer_forbidden_field' },
];
