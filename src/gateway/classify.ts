// The one classifier: (error code, phase, socket facts) → cause id. By code only — errno, OpenSSL /
// Node TLS codes, http1 parse codes and the gateway's own GW_* codes — never by message text (DESIGN
// §4). The phase and the socket facts separate causes that share a code: ECONNRESET while
// connecting, on a reused idle socket before any response byte (the keep-alive race), on a fresh
// socket (a crash), or mid-body are four different stories for the operator.
import type { CauseId, Phase } from '../causes/index.ts';
import { GW } from './error-codes.ts';
import { requestParseCause, responseParseCause } from './parse-causes.ts';

export interface SocketFacts {
  /** The upstream socket came from the keep-alive pool. */
  readonly reused: boolean;
  /** How long it sat idle in the pool before this request (0 for a fresh socket). */
  readonly idleMs: number;
  /** Request bytes handed to the kernel on this attempt. */
  readonly requestBytesWritten: number;
  /** Response bytes received on this attempt. */
  readonly responseBytesRead: number;
  /** The connection ended with a RST (ECONNRESET) rather than a FIN. */
  readonly sawRst: boolean;
}

export interface Failure {
  readonly errorCode: string | null;
  readonly phase: Phase;
  readonly socketFacts: SocketFacts;
}

export const NO_FACTS: SocketFacts = { reused: false, idleMs: 0, requestBytesWritten: 0, responseBytesRead: 0, sawRst: false };

// errno values of connect(2) (man 2 connect; Node's uv error names).
const CONNECT_ERRNO: Readonly<Record<string, CauseId>> = {
  ECONNREFUSED: 'upstream_connect_refused',
  EHOSTUNREACH: 'upstream_unreachable',
  ENETUNREACH: 'upstream_unreachable',
  EHOSTDOWN: 'upstream_unreachable',
  ENETDOWN: 'upstream_unreachable',
  EADDRNOTAVAIL: 'upstream_unreachable',
  EACCES: 'upstream_unreachable', // a local firewall REJECT with icmp-admin-prohibited surfaces as EACCES/EPERM
  EPERM: 'upstream_unreachable',
  ETIMEDOUT: 'upstream_connect_timeout', // the kernel gave up retransmitting SYNs
};

// getaddrinfo results as Node names them (dns.lookup): NXDOMAIN vs a resolver that did not answer.
const RESOLVE_CODES: Readonly<Record<string, CauseId>> = {
  ENOTFOUND: 'upstream_dns_failed',
  ENODATA: 'upstream_dns_failed',
  EAI_NONAME: 'upstream_dns_failed',
  EAI_FAIL: 'upstream_dns_failed',
  EAI_AGAIN: 'upstream_dns_timeout',
  ETIMEOUT: 'upstream_dns_timeout',
};

// Certificate verification codes: OpenSSL's X509_V_ERR_* names as Node reports them, plus Node's
// own host-name check (tls.checkServerIdentity).
const CERT_CODES: ReadonlySet<string> = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CRL_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CRL_NOT_YET_VALID',
  'CRL_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
]);

// OpenSSL's record layer reading bytes that are not a TLS record: the target speaks plain HTTP on
// the port we treat as TLS ("wrong version number", "packet length too long", "http request").
const PLAIN_ON_TLS_CODES: ReadonlySet<string> = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'ERR_SSL_HTTP_REQUEST',
  'ERR_SSL_RECORD_LAYER_FAILURE',
]);

function isTlsLibraryCode(code: string): boolean {
  return code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code === 'EPROTO';
}

function closedBeforeResponse(facts: SocketFacts, rst: boolean): CauseId {
  // A reused idle socket that dies before any response byte is the keep-alive race (DESIGN §1):
  // the target closed it while idle and our request crossed its FIN/RST on the wire.
  if (facts.reused && facts.responseBytesRead === 0) return 'upstream_keepalive_race';
  return rst ? 'upstream_reset_before_response' : 'upstream_closed_before_response';
}

const TIMEOUT_BY_PHASE: Readonly<Record<Phase, CauseId>> = {
  accept: 'client_request_timeout',
  route: 'proxy_internal_error',
  select: 'proxy_internal_error',
  queue: 'upstream_overloaded',
  resolve: 'upstream_dns_timeout',
  connect: 'upstream_connect_timeout',
  tls: 'upstream_tls_timeout',
  send: 'upstream_send_timeout',
  headers: 'upstream_headers_timeout',
  body: 'upstream_body_timeout',
};

function classifyUpstream(code: string, phase: Phase, facts: SocketFacts): CauseId | null {
  if (code === GW.timeout) return TIMEOUT_BY_PHASE[phase];
  if (code === GW.drainExpired) return 'upstream_draining_expired';
  if (code === GW.overloaded) return 'upstream_overloaded';
  if (code === GW.tlsRecord) return 'upstream_protocol_mismatch';
  if (code === GW.responseHeadTooLarge) return 'upstream_headers_too_large';
  if (code === GW.unexpectedUpgrade) return 'upstream_bad_response';
  const resolved = RESOLVE_CODES[code];
  if (resolved !== undefined && (phase === 'resolve' || phase === 'connect')) return resolved;
  if (phase === 'connect' || phase === 'resolve') {
    const connect = CONNECT_ERRNO[code];
    if (connect !== undefined) return connect;
    // The kernel completed the handshake and the target reset it before Node reported the connect
    // (a crashing or overloaded accept loop): a reset before any response, not a refusal.
    if (code === 'ECONNRESET' || code === 'EPIPE') return 'upstream_reset_before_response';
    return null;
  }
  if (phase === 'tls') {
    if (CERT_CODES.has(code)) return 'upstream_tls_certificate_invalid';
    if (PLAIN_ON_TLS_CODES.has(code)) return 'upstream_protocol_mismatch';
    if (isTlsLibraryCode(code) || code === 'ECONNRESET' || code === 'EPIPE' || code === GW.eof) return 'upstream_tls_failed';
    return null;
  }
  if (phase === 'send' || phase === 'headers') {
    if (code === 'ECONNRESET' || code === 'EPIPE') return closedBeforeResponse(facts, true);
    if (code === GW.eof) return closedBeforeResponse(facts, facts.sawRst);
    if (code === 'ETIMEDOUT') return phase === 'send' ? 'upstream_send_timeout' : 'upstream_headers_timeout';
    if (isTlsLibraryCode(code)) return 'upstream_tls_failed';
    if (phase === 'headers') return responseParseCause(code, 'headers');
    return null;
  }
  if (phase === 'body') {
    if (code === 'ECONNRESET' || code === 'EPIPE' || code === GW.eof) return 'upstream_closed_mid_body';
    if (code === 'ETIMEDOUT') return 'upstream_body_timeout';
    if (isTlsLibraryCode(code)) return 'upstream_closed_mid_body';
    return responseParseCause(code, 'body');
  }
  return null;
}

function classifyClient(code: string): CauseId | null {
  switch (code) {
    case GW.timeout:
      return 'client_request_timeout';
    case GW.requestHeadTooLarge:
      return 'client_request_headers_too_large';
    case GW.requestBodyTooLarge:
      return 'client_request_too_large';
    case GW.proxyFull:
      return 'proxy_overloaded';
    case GW.connectMethod:
    case 'ERR_SSL_HTTP_REQUEST': // plain HTTP sent to a TLS listener
      return 'client_request_invalid';
    case GW.eof:
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
      return 'client_aborted';
    default:
      return requestParseCause(code);
  }
}

/**
 * The cause of a failure. `accept` is the client side (reading the request); every other phase is
 * the upstream side. Unknown codes become `proxy_unclassified_error`: the caller logs the raw code
 * so the catalogue can grow.
 */
export function classify(failure: Failure): CauseId {
  const { errorCode, phase, socketFacts } = failure;
  if (errorCode === null) return 'proxy_unclassified_error';
  if (errorCode === GW.internal) return 'proxy_internal_error';
  const cause = phase === 'accept' ? classifyClient(errorCode) : classifyUpstream(errorCode, phase, socketFacts);
  return cause ?? 'proxy_unclassified_error';
}
