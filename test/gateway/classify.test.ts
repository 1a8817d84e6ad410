// Does the one classifier map every (code, phase, socket facts) the gateway can meet to the right
// cause, by code alone, and send anything unknown to proxy_unclassified_error?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify, NO_FACTS, type SocketFacts } from '../../src/gateway/classify.ts';
import { GW } from '../../src/gateway/error-codes.ts';
import type { CauseId, Phase } from '../../src/causes/index.ts';

const reused: SocketFacts = { ...NO_FACTS, reused: true, idleMs: 900 };
const reusedAfterBytes: SocketFacts = { ...reused, requestBytesWritten: 80, responseBytesRead: 12 };
const fresh: SocketFacts = { ...NO_FACTS, requestBytesWritten: 80 };
const freshPartial: SocketFacts = { ...NO_FACTS, requestBytesWritten: 80, responseBytesRead: 10 };

const TABLE: ReadonlyArray<readonly [string | null, Phase, SocketFacts, CauseId]> = [
  // connect
  ['ECONNREFUSED', 'connect', NO_FACTS, 'upstream_connect_refused'],
  ['EHOSTUNREACH', 'connect', NO_FACTS, 'upstream_unreachable'],
  ['ENETUNREACH', 'connect', NO_FACTS, 'upstream_unreachable'],
  ['ETIMEDOUT', 'connect', NO_FACTS, 'upstream_connect_timeout'],
  [GW.timeout, 'connect', NO_FACTS, 'upstream_connect_timeout'],
  ['ENOTFOUND', 'resolve', NO_FACTS, 'upstream_dns_failed'],
  ['ENOTFOUND', 'connect', NO_FACTS, 'upstream_dns_failed'],
  ['ECONNRESET', 'connect', NO_FACTS, 'upstream_reset_before_response'],
  ['EAI_AGAIN', 'resolve', NO_FACTS, 'upstream_dns_timeout'],
  [GW.timeout, 'resolve', NO_FACTS, 'upstream_dns_timeout'],
  // tls
  [GW.timeout, 'tls', NO_FACTS, 'upstream_tls_timeout'],
  ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls', NO_FACTS, 'upstream_protocol_mismatch'],
  ['ERR_SSL_PACKET_LENGTH_TOO_LONG', 'tls', NO_FACTS, 'upstream_protocol_mismatch'],
  ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls', NO_FACTS, 'upstream_tls_certificate_invalid'],
  ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls', NO_FACTS, 'upstream_tls_certificate_invalid'],
  ['SELF_SIGNED_CERT_IN_CHAIN', 'tls', NO_FACTS, 'upstream_tls_certificate_invalid'],
  ['CERT_HAS_EXPIRED', 'tls', NO_FACTS, 'upstream_tls_certificate_invalid'],
  ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls', NO_FACTS, 'upstream_tls_certificate_invalid'],
  ['ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'tls', NO_FACTS, 'upstream_tls_failed'],
  ['ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'tls', NO_FACTS, 'upstream_tls_failed'],
  ['ECONNRESET', 'tls', NO_FACTS, 'upstream_tls_failed'],
  [GW.eof, 'tls', NO_FACTS, 'upstream_tls_failed'],
  // send / headers: the same errno, four stories
  ['ECONNRESET', 'headers', reused, 'upstream_keepalive_race'],
  ['EPIPE', 'send', reused, 'upstream_keepalive_race'],
  [GW.eof, 'headers', reused, 'upstream_keepalive_race'],
  ['ECONNRESET', 'headers', fresh, 'upstream_reset_before_response'],
  [GW.eof, 'headers', fresh, 'upstream_closed_before_response'],
  [GW.eof, 'headers', freshPartial, 'upstream_closed_before_response'],
  [GW.eof, 'headers', reusedAfterBytes, 'upstream_closed_before_response'],
  ['ECONNRESET', 'body', reused, 'upstream_closed_mid_body'],
  [GW.eof, 'body', fresh, 'upstream_closed_mid_body'],
  [GW.timeout, 'send', fresh, 'upstream_send_timeout'],
  [GW.timeout, 'headers', fresh, 'upstream_headers_timeout'],
  [GW.timeout, 'body', fresh, 'upstream_body_timeout'],
  [GW.tlsRecord, 'headers', fresh, 'upstream_protocol_mismatch'],
  [GW.responseHeadTooLarge, 'headers', fresh, 'upstream_headers_too_large'],
  [GW.drainExpired, 'body', fresh, 'upstream_draining_expired'],
  // http1 parse codes, response side
  ['head_too_large', 'headers', fresh, 'upstream_headers_too_large'],
  ['too_many_headers', 'headers', fresh, 'upstream_headers_too_large'],
  ['status_line_invalid', 'headers', fresh, 'upstream_bad_response'],
  ['header_name_invalid', 'headers', fresh, 'upstream_bad_response'],
  ['obs_fold', 'headers', fresh, 'upstream_bad_response'],
  ['framing_cl_and_te', 'headers', fresh, 'upstream_bad_framing'],
  ['framing_duplicate_content_length', 'headers', fresh, 'upstream_bad_framing'],
  ['framing_unknown_transfer_encoding', 'headers', fresh, 'upstream_bad_framing'],
  ['chunked_invalid_size', 'body', fresh, 'upstream_bad_chunked_body'],
  ['trailer_forbidden_field', 'body', fresh, 'upstream_bad_chunked_body'],
  // client side (phase accept)
  ['framing_cl_and_te', 'accept', NO_FACTS, 'client_request_invalid'],
  ['framing_te_whitespace', 'accept', NO_FACTS, 'client_request_invalid'],
  ['obs_fold', 'accept', NO_FACTS, 'client_request_invalid'],
  ['bare_lf', 'accept', NO_FACTS, 'client_request_invalid'],
  ['header_value_nul', 'accept', NO_FACTS, 'client_request_invalid'],
  ['chunked_invalid_size', 'accept', NO_FACTS, 'client_request_invalid'],
  ['head_too_large', 'accept', NO_FACTS, 'client_request_headers_too_large'],
  [GW.requestBodyTooLarge, 'accept', NO_FACTS, 'client_request_too_large'],
  [GW.timeout, 'accept', NO_FACTS, 'client_request_timeout'],
  ['ECONNRESET', 'accept', NO_FACTS, 'client_aborted'],
  [GW.eof, 'accept', NO_FACTS, 'client_aborted'],
  // the gateway itself
  [GW.internal, 'headers', fresh, 'proxy_internal_error'],
  [null, 'headers', fresh, 'proxy_unclassified_error'],
  ['ESOMETHINGNEW', 'connect', NO_FACTS, 'proxy_unclassified_error'],
  ['ESOMETHINGNEW', 'accept', NO_FACTS, 'proxy_unclassified_error'],
  ['ECONNREFUSED', 'body', fresh, 'proxy_unclassified_error'],
];

for (const [errorCode, phase, socketFacts, expected] of TABLE) {
  const facts = socketFacts === NO_FACTS ? '' : ` ${socketFacts.reused ? 'reused' : 'fresh'}${socketFacts.responseBytesRead > 0 ? '+response bytes' : ''}`;
  test(`${errorCode ?? '(no code)'} in ${phase}${facts} → ${expected}`, () => {
    assert.equal(classify({ errorCode, phase, socketFacts }), expected);
  });
}
