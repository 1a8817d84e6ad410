// http1 parse codes → causes, for both directions. A request the strict parser refuses is the
// client's (400, or 431 for size); a response it refuses is the target's, split into size, framing
// and everything else — the split NGINX's "upstream sent too big header" / "invalid header" and
// HAProxy's PH draw (DESIGN §3).
import type { CauseId } from '../causes/index.ts';
import type { ParseErrorCode } from '../http1/types.ts';

type Known = Readonly<Record<ParseErrorCode, true>>;

// The full list, so that a new parse code fails to compile here until it is placed.
const PARSE_CODES: Known = {
  head_too_large: true,
  too_many_headers: true,
  request_line_invalid: true,
  method_invalid: true,
  target_invalid: true,
  version_invalid: true,
  version_unsupported: true,
  status_line_invalid: true,
  status_code_invalid: true,
  reason_invalid: true,
  bare_cr: true,
  bare_lf: true,
  header_name_invalid: true,
  space_before_colon: true,
  missing_colon: true,
  header_value_nul: true,
  header_value_invalid: true,
  obs_fold: true,
  host_missing: true,
  host_duplicate: true,
  host_invalid: true,
  framing_cl_and_te: true,
  framing_duplicate_content_length: true,
  framing_invalid_content_length: true,
  framing_unknown_transfer_encoding: true,
  framing_chunked_not_final: true,
  framing_chunked_repeated: true,
  framing_te_not_chunked: true,
  framing_te_whitespace: true,
  framing_te_http10: true,
  framing_te_unsupported: true,
  chunked_invalid_size: true,
  chunked_too_large_size: true,
  chunked_missing_crlf: true,
  chunked_invalid_extension: true,
  chunked_extension_too_large: true,
  trailer_too_large: true,
  trailer_too_many: true,
  trailer_name_invalid: true,
  trailer_space_before_colon: true,
  trailer_missing_colon: true,
  trailer_value_nul: true,
  trailer_value_invalid: true,
  trailer_obs_fold: true,
  trailer_bare_cr: true,
  trailer_bare_lf: true,
  trailer_forbidden_field: true,
};

export function isParseCode(code: string): code is ParseErrorCode {
  return Object.hasOwn(PARSE_CODES, code);
}

/** A request refused by the strict parser (head or chunked body). Null when `code` is not a parse code. */
export function requestParseCause(code: string): CauseId | null {
  if (!isParseCode(code)) return null;
  if (code === 'head_too_large' || code === 'too_many_headers') return 'client_request_headers_too_large';
  return 'client_request_invalid';
}

/** A response refused by the strict parser, in the headers or the body phase. */
export function responseParseCause(code: string, phase: 'headers' | 'body'): CauseId | null {
  if (!isParseCode(code)) return null;
  if (phase === 'body' || code.startsWith('chunked_') || code.startsWith('trailer_')) {
    return phase === 'body' ? 'upstream_bad_chunked_body' : 'upstream_bad_response';
  }
  if (code === 'head_too_large' || code === 'too_many_headers') return 'upstream_headers_too_large';
  if (code.startsWith('framing_')) return 'upstream_bad_framing';
  return 'upstream_bad_response';
}
