// For every cause: the probe checks that rule it in, or why a probe of one target cannot. The lab
// test (test/probe/lab-faults.test.ts) drives each covered cause's lab faults through the probe and
// asserts one of these checks names it.
import { notCovered, type Coverage } from '../causes/index.ts';
import type { CheckName } from './result.ts';

const GATEWAY_STATE = 'a state of the gateway or its pool, not something one target shows to a probe';
const CLIENT_SIDE = 'made by the client side of a proxy, not by the target the probe talks to';

export const PROBE_COVERAGE: Coverage<readonly CheckName[]> = {
  upstream_dns_failed: ['dns'],
  upstream_dns_timeout: ['dns'],
  upstream_connect_refused: ['tcp', 'listeners', 'dns'],
  upstream_unreachable: ['tcp'],
  upstream_connect_timeout: ['tcp'],
  upstream_tls_failed: ['tls'],
  upstream_tls_timeout: ['tls'],
  upstream_tls_certificate_invalid: ['tls'],
  upstream_protocol_mismatch: ['tls', 'http'],
  upstream_keepalive_race: ['keep-alive'],
  upstream_closed_before_response: ['http'],
  upstream_reset_before_response: ['http', 'tcp'],
  upstream_send_timeout: notCovered(
    'needs a request body larger than the socket buffers that the target never reads; the probe sends a GET only, so a target that does not read shows as upstream_headers_timeout',
  ),
  upstream_headers_timeout: ['http'],
  upstream_bad_response: ['http'],
  upstream_bad_framing: ['http', 'framing', 'keep-alive'],
  upstream_headers_too_large: ['http', 'head-size'],
  upstream_closed_mid_body: ['framing'],
  upstream_bad_chunked_body: ['framing'],
  upstream_body_timeout: ['framing'],
  upstream_draining_expired: notCovered(GATEWAY_STATE),
  no_healthy_upstream: notCovered(`${GATEWAY_STATE}; gatewise check flags missing health checks in NGINX/HAProxy configs`),
  no_upstream_configured: notCovered(GATEWAY_STATE),
  upstream_overloaded: notCovered(`${GATEWAY_STATE} (its queue and connection limits)`),
  upstream_5xx: ['http', 'via'],
  client_aborted: notCovered(CLIENT_SIDE),
  client_request_invalid: notCovered(CLIENT_SIDE),
  client_request_timeout: notCovered(CLIENT_SIDE),
  client_request_too_large: notCovered(CLIENT_SIDE),
  client_request_headers_too_large: notCovered(CLIENT_SIDE),
  proxy_overloaded: notCovered(GATEWAY_STATE),
  proxy_internal_error: notCovered('a bug of the gateway itself; --via shows it when the proxy names it in Proxy-Status'),
  proxy_unclassified_error: notCovered('a gateway error it could not map; --via shows it when the proxy names it in Proxy-Status'),
};
