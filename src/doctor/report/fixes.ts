// The fix for each cause, in plain words with commands. The catalogue's remedies come first;
// these doctor-side steps say how to confirm the diagnosis from where the logs came from.
import { causeOf, type CauseId, type Remedy } from '../../causes/index.ts';

const CONFIRM: Partial<Record<CauseId, Remedy>> = {
  upstream_connect_refused: { action: 'Check that the app listens on the target port and address (IPv4 vs ::1) on the target host', command: "ss -tlnp 'sport = :PORT'" },
  upstream_unreachable: { action: 'Check routes and security groups between the proxy and the target', command: 'nc -zv TARGET_IP PORT' },
  upstream_connect_timeout: { action: 'A firewall or security group drops the SYNs: allow the proxy to reach the target port', command: 'nc -zv -w 5 TARGET_IP PORT' },
  upstream_keepalive_race: { action: "Make the target's keep-alive timeout longer than the proxy's idle timeout (ALB: 60 s; Node: server.keepAliveTimeout = 65000; NGINX upstream: keepalive_timeout 75s)", command: 'gatewise probe http://TARGET:PORT/' },
  upstream_closed_before_response: { action: 'Look for crashes, OOM kills or worker recycling on the target at the failure times', command: "journalctl -k --since '-1h' | grep -i -E 'oom|killed process'" },
  upstream_reset_before_response: { action: 'The target reset the connection while the request was in flight: check its error log and restarts at those times', command: "journalctl -u APP --since '-1h'" },
  upstream_headers_timeout: { action: "The target took longer than the proxy's timeout to answer: find the slow endpoint or raise the timeout", command: 'curl -s -o /dev/null -w "%{time_starttransfer}\\n" http://TARGET:PORT/PATH' },
  upstream_bad_response: { action: 'The target sent a response head the proxy rejected: look at its raw bytes', command: 'curl -sv --raw http://TARGET:PORT/PATH -o /dev/null' },
  upstream_bad_framing: { action: 'The target sent conflicting or invalid Content-Length / Transfer-Encoding: fix the app or the middleware that adds them', command: 'curl -sv --raw http://TARGET:PORT/PATH -o /dev/null' },
  upstream_headers_too_large: { action: 'The response head is larger than the proxy buffer (NGINX proxy_buffer_size): shrink cookies/headers or raise the buffer', command: 'curl -sI http://TARGET:PORT/PATH | wc -c' },
  upstream_tls_failed: { action: 'Check the TLS versions and ciphers both sides accept', command: 'openssl s_client -connect TARGET:PORT -servername HOST </dev/null' },
  upstream_tls_certificate_invalid: { action: "Check the target's certificate chain, name and expiry", command: 'openssl s_client -connect TARGET:PORT -servername HOST -verify_return_error </dev/null' },
  upstream_protocol_mismatch: { action: 'The proxy speaks TLS to a plain port or plain HTTP to a TLS port: fix the scheme of the upstream', command: 'curl -sv http://TARGET:PORT/ ; curl -skv https://TARGET:PORT/' },
  upstream_draining_expired: { action: 'Requests outlived the deregistration delay: raise the delay above your longest request, or drain the app before it stops', command: 'aws elbv2 describe-target-group-attributes --target-group-arn ARN' },
  no_healthy_upstream: { action: 'Every target is failing its health check: see why', command: 'aws elbv2 describe-target-health --target-group-arn ARN' },
  no_upstream_configured: { action: 'The target group has no registered targets', command: 'aws elbv2 describe-target-health --target-group-arn ARN' },
  upstream_5xx: { action: "The target itself answered 5xx: its own log has the error, look there first (the proxy is not the culprit)" },
  client_aborted: { action: 'Clients gave up before the answer: usually slow responses or client timeouts; look at the latency of those requests' },
};

export function fixesFor(id: CauseId): readonly Remedy[] {
  const cause = causeOf(id);
  const confirm = CONFIRM[id];
  const out = [...cause.remedies];
  if (confirm && !out.some((r) => r.command !== undefined && r.command === confirm.command)) out.push(confirm);
  return out;
}
