// For every cause: the lab faults that produce it, or why no target can. A contract test checks this
// against the fault list in both directions (test/lab/coverage.test.ts).
import { notCovered, type Coverage } from '../causes/index.ts';

const CLIENT_SIDE = 'made by the client, not the target: drive it with a client (slow, aborting or oversized requests)';

export const LAB_COVERAGE: Coverage<readonly string[]> = {
  upstream_dns_failed: ['dns-nxdomain'],
  upstream_dns_timeout: ['dns-stall'],
  upstream_connect_refused: ['refused'],
  upstream_unreachable: notCovered(
    'needs a network without a route to the target (EHOSTUNREACH/ENETUNREACH): a network namespace or firewall rule, not something a loopback lab can do',
  ),
  upstream_connect_timeout: ['blackhole'],
  upstream_tls_failed: ['tls-handshake-failure'],
  upstream_tls_timeout: ['tls-handshake-stall'],
  upstream_tls_certificate_invalid: ['tls-bad-certificate'],
  upstream_protocol_mismatch: ['tls-only', 'plain-only'],
  upstream_keepalive_race: ['keepalive-race', 'short-keepalive', 'short-keepalive-hinted'],
  upstream_closed_before_response: ['close-without-response'],
  upstream_reset_before_response: ['reset-after-request', 'reset-on-accept'],
  upstream_send_timeout: ['no-read'],
  upstream_headers_timeout: ['slow-headers'],
  upstream_bad_response: [
    'malformed-status-line',
    'header-no-colon',
    'header-space-before-colon',
    'header-nul-in-value',
    'header-bare-cr',
    'header-obs-fold',
  ],
  upstream_bad_framing: ['cl-and-te', 'duplicate-content-length', 'invalid-content-length', 'unknown-transfer-encoding'],
  upstream_headers_too_large: ['oversized-head'],
  upstream_closed_mid_body: ['truncated-body'],
  upstream_bad_chunked_body: ['invalid-chunked-body'],
  upstream_body_timeout: ['stalled-body'],
  upstream_draining_expired: notCovered(
    'made by the gateway when a draining target\'s deregistration delay ends; the lab\'s /slow route supplies the long exchange to cut',
  ),
  no_healthy_upstream: notCovered('made by the gateway\'s health state once every target failed its checks, not by one target\'s answer'),
  no_upstream_configured: notCovered('made by the gateway\'s routing (a route with no targets), before any target is contacted'),
  upstream_overloaded: notCovered('made by the gateway\'s per-target connection or queue limit; the lab\'s /slow route fills it'),
  upstream_5xx: ['target-500', 'target-502', 'target-503', 'target-504'],
  client_aborted: notCovered(CLIENT_SIDE),
  client_request_invalid: notCovered(CLIENT_SIDE),
  client_request_timeout: notCovered(CLIENT_SIDE),
  client_request_too_large: notCovered(CLIENT_SIDE),
  client_request_headers_too_large: notCovered(CLIENT_SIDE),
  proxy_overloaded: notCovered('the gateway\'s own connection or memory limit: made by load on the gateway, not by a target'),
  proxy_internal_error: notCovered('a bug in the gateway: no target may cause it, and tests assert it never happens'),
  proxy_unclassified_error: notCovered('an error the gateway could not map: by definition no lab fault may produce it'),
};
