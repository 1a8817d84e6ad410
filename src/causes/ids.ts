// Cause ids are permanent: never renamed, never reused (Node's rule for error codes). Add new ones
// at the end of their group; a retired id stays here and in the catalogue, marked as such.
export const CAUSE_IDS = [
  // resolve
  'upstream_dns_failed',
  'upstream_dns_timeout',
  // connect
  'upstream_connect_refused',
  'upstream_unreachable',
  'upstream_connect_timeout',
  // tls
  'upstream_tls_failed',
  'upstream_tls_timeout',
  'upstream_tls_certificate_invalid',
  'upstream_protocol_mismatch',
  // send / headers: the connection went away before a response
  'upstream_keepalive_race',
  'upstream_closed_before_response',
  'upstream_reset_before_response',
  'upstream_send_timeout',
  'upstream_headers_timeout',
  // headers: the response head is wrong
  'upstream_bad_response',
  'upstream_bad_framing',
  'upstream_headers_too_large',
  // body
  'upstream_closed_mid_body',
  'upstream_bad_chunked_body',
  'upstream_body_timeout',
  // pool and lifecycle
  'upstream_draining_expired',
  'no_healthy_upstream',
  'no_upstream_configured',
  'upstream_overloaded',
  // the target answered with its own error
  'upstream_5xx',
  // client side
  'client_aborted',
  'client_request_invalid',
  'client_request_timeout',
  'client_request_too_large',
  'client_request_headers_too_large',
  // the gateway itself
  'proxy_overloaded',
  'proxy_internal_error',
  'proxy_unclassified_error',
] as const;

export type CauseId = (typeof CAUSE_IDS)[number];

const known: ReadonlySet<string> = new Set(CAUSE_IDS);

export function isCauseId(value: string): value is CauseId {
  return known.has(value);
}
