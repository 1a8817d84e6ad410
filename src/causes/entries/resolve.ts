// Causes of the resolve phase: the target's host name could not be turned into an address.
// Peer texts: NGINX 1.22 ngx_resolver ("%V could not be resolved (%i: %s)", "Host not found",
// "Operation timed out"); Envoy access-log docs (DF); ALB registers targets by IP or instance id.
import { defineCause } from '../define.ts';

const ALB_NO_DNS = {
  seen: false,
  why: 'ALB registers targets by instance id or IP address and never resolves a target name per request; a wrong name fails when the target is registered, not as a request error',
} as const;

export const resolveCauses = {
  upstream_dns_failed: defineCause({
    id: 'upstream_dns_failed',
    title: "The target's host name could not be resolved",
    outcome: { kind: 'respond', status: 502 },
    phases: ['resolve'],
    culprits: ['config'],
    proxyStatus: 'dns_error',
    explanation:
      'The gateway asked DNS for the address of the target and got a definite "no": the name does not exist (NXDOMAIN), ' +
      'has no A/AAAA record, or the resolver failed (SERVFAIL). No connection was attempted. Typical reasons: a typo in ' +
      'the configured host name; a record deleted or not yet created (a Kubernetes Service or Cloud Map entry removed ' +
      'before the proxy config); a private zone that is not visible from where the gateway runs (Route 53 private ' +
      'hosted zone not associated with this VPC, split-horizon DNS); a search domain in /etc/resolv.conf that the ' +
      'short name depended on.',
    evidence: [
      'getaddrinfo ENOTFOUND <host> (Node), or a resolver answer NXDOMAIN / SERVFAIL / NOERROR with no records',
      'no TCP SYN was sent to any target address for this request',
      '`dig` from the gateway host shows `status: NXDOMAIN` (or SERVFAIL) for the configured name',
    ],
    remedies: [
      {
        action: 'Resolve the exact configured name from the gateway host, through the same resolver the gateway uses',
        command: 'dig +search backend.internal A backend.internal AAAA; getent ahosts backend.internal',
      },
      {
        action: 'Check which resolver and search domains the gateway host uses',
        command: 'cat /etc/resolv.conf; resolvectl status',
      },
      {
        action: 'In Kubernetes, check that the Service the name points to exists in that namespace',
        command: 'kubectl get svc,endpointslices -n NAMESPACE | grep backend',
      },
      {
        action: 'Fix the host name in the pool config; a fully qualified name does not depend on search domains',
        config: 'pools:\n  app:\n    targets:\n      - url: http://backend.internal.example.com:8080',
      },
    ],
    peers: {
      alb: ALB_NO_DNS,
      nginx: {
        seen: true,
        status: '502',
        errorLog: 'backend.internal could not be resolved (3: Host not found)',
        note:
          'Only with a `resolver` directive and a variable in proxy_pass. A literal name in proxy_pass or an upstream block is resolved once at start, and NGINX refuses to start: `host not found in upstream "backend.internal:8080" in /etc/nginx/conf.d/app.conf:12`.',
      },
      haproxy: {
        seen: true,
        termination: 'SC',
        status: '503',
        note:
          'With a `resolvers` section, a server whose name stops resolving is put in maintenance; requests then find no server and are logged as `backend/<NOSRV>` with SC. A name that does not resolve at start stops HAProxy from starting unless `init-addr` allows it.',
      },
      envoy: {
        seen: true,
        flags: 'DF',
        note: 'DF is set by the dynamic forward proxy. A STRICT_DNS/LOGICAL_DNS cluster whose name does not resolve has no hosts, and requests fail with UH (no_healthy_upstream).',
      },
    },
    statusRationale:
      'HAProxy and Envoy answer 503, NGINX 502. Ours is 502: the resolver gave a definite answer that makes the configured destination unusable — a broken destination, not a pool that is temporarily empty (which is no_healthy_upstream, 503). RFC 9209 §2.3.2 names it dns_error.',
    related: ['upstream_dns_timeout', 'no_upstream_configured'],
  }),
  upstream_dns_timeout: defineCause({
    id: 'upstream_dns_timeout',
    title: 'The DNS lookup for the target timed out',
    outcome: { kind: 'respond', status: 504 },
    phases: ['resolve'],
    culprits: ['network'],
    proxyStatus: 'dns_timeout',
    explanation:
      'The gateway asked DNS for the target\'s address and got no answer in time. The name may be fine; the path to ' +
      'the resolver is not. Typical reasons: UDP/53 dropped by a firewall, security group or network ACL; an ' +
      'overloaded resolver (CoreDNS pods starved, the AWS VPC resolver\'s per-interface packet limit); a full ' +
      'conntrack table silently dropping UDP packets; Kubernetes `ndots:5` turning one lookup into several ' +
      'search-domain queries; in Node, every libuv thread-pool worker (4 by default) busy so getaddrinfo waits in line.',
    evidence: [
      'getaddrinfo EAI_AGAIN <host> (Node), or the resolve phase ran into its deadline',
      '`dig` from the gateway host prints `;; connection timed out; no servers could be reached`',
      'the kernel log shows `nf_conntrack: table full, dropping packet` at the same time',
    ],
    remedies: [
      {
        action: 'Time a single lookup against the configured resolver, without retries',
        command: 'dig +tries=1 +time=2 @$(awk \'/^nameserver/{print $2; exit}\' /etc/resolv.conf) backend.internal',
      },
      {
        action: 'Look for conntrack drops on the gateway host',
        command: "journalctl -k --since '-1h' | grep -i conntrack",
      },
      {
        action: 'In Kubernetes, cut search-domain amplification for the gateway pod',
        config: 'spec:\n  dnsConfig:\n    options:\n      - name: ndots\n        value: "2"',
      },
      {
        action: 'Give Node more thread-pool workers for getaddrinfo when lookups queue behind file I/O',
        config: 'UV_THREADPOOL_SIZE=16',
      },
    ],
    peers: {
      alb: ALB_NO_DNS,
      nginx: {
        seen: true,
        status: '502',
        errorLog: 'backend.internal could not be resolved (110: Operation timed out)',
        note: 'Only with a `resolver` directive and a variable in proxy_pass; `resolver_timeout` (default 30s) bounds the wait.',
      },
      haproxy: {
        seen: true,
        termination: 'SC',
        status: '503',
        note: 'As for a failed lookup: after `hold timeout` the server goes to maintenance and requests are logged as `backend/<NOSRV>` with SC.',
      },
      envoy: {
        seen: true,
        flags: 'DF',
        note: 'Dynamic forward proxy only; for DNS clusters a lookup that times out keeps the last known hosts (or none, then UH).',
      },
    },
    statusRationale:
      'NGINX answers 502, Envoy and HAProxy 503. Ours is 504: the gateway waited for a server it needed (the resolver) and got no timely answer — the definition of 504 in RFC 9110 §15.6.5. RFC 9209 §2.3.1 names it dns_timeout.',
    related: ['upstream_dns_failed', 'upstream_connect_timeout'],
  }),
} as const;
