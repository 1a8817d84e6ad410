// Causes of the connect phase: the TCP handshake with the target did not complete.
// Peer texts checked against NGINX 1.22.1 and HAProxy 2.6 in front of a dead port (SC 503 after
// `retries`), HAProxy configuration.txt §8.5 (SC, sC), the AWS ALB troubleshooting guide (502 on RST
// or ICMP unreachable, 504 after the 10 s connect timeout) and Envoy's access-log flag table (UF).
import { defineCause } from '../define.ts';

const ENVOY_CONNECT_NOTE =
  'The detail carries the errno in newer releases (`delayed_connect_error:_111`, `_113`, `_110`); older releases log `upstream_reset_before_response_started{connection_failure}`. With retries configured, URX replaces UF once they are used up.';

export const connectCauses = {
  upstream_connect_refused: defineCause({
    id: 'upstream_connect_refused',
    title: 'The target refused the connection',
    outcome: { kind: 'respond', status: 502 },
    phases: ['connect'],
    culprits: ['target'],
    proxyStatus: 'connection_refused',
    explanation:
      'The gateway sent a SYN to the target and got a RST back: nothing listens on that address and port. The host is ' +
      'up, the process is not there. Typical reasons: the app is down, crashed or restarting; it listens on another ' +
      'port; it is bound to 127.0.0.1 while the gateway connects to the host\'s network address (or, in a container, ' +
      'bound to localhost inside the container); `localhost` resolves to ::1 first while the app listens on ' +
      '127.0.0.1 only (Node 17+ keeps the resolver\'s order, so `localhost` often means IPv6); a firewall rule that ' +
      'REJECTs with tcp-reset.',
    evidence: [
      'ECONNREFUSED on connect (errno 111 on Linux)',
      'the SYN is answered by RST within one round trip: connect time ≈ 0 ms, no request byte sent',
      '`ss -tlnp` on the target host shows no listener on that port, or one bound to another address family or address',
    ],
    remedies: [
      {
        action: 'On the target host, see what listens on the port and on which address (0.0.0.0, 127.0.0.1, [::1], *)',
        command: "ss -tlnp 'sport = :8080'",
      },
      {
        action: 'Try both loopback families: if only one answers, the app and the gateway disagree about what localhost is',
        command: "curl -sv -o /dev/null http://127.0.0.1:8080/; curl -sv -o /dev/null 'http://[::1]:8080/'; getent ahosts localhost",
      },
      {
        action: 'Check whether the app is running or restarting',
        command: 'systemctl status app.service; journalctl -u app.service --since "-15 min"',
      },
      {
        action: 'Point the pool at the exact address the app listens on instead of `localhost`',
        config: 'pools:\n  app:\n    targets:\n      - url: http://127.0.0.1:8080',
      },
      {
        action: 'Or make the app listen on all addresses of both families (Node)',
        config: "server.listen(8080, '::'); // dual-stack: accepts IPv4 and IPv6",
      },
    ],
    peers: {
      alb: {
        seen: true,
        elbStatus: '502',
        targetStatus: '-',
        processingTimes: '-1 -1 -1',
        metrics: ['HTTPCode_ELB_502_Count', 'TargetConnectionErrorCount'],
        note: 'AWS: "The load balancer received a TCP RST from the target when attempting to establish a connection." If the health-check port differs from the traffic port, targets can stay healthy while this happens.',
      },
      nginx: {
        seen: true,
        status: '502',
        errorLog: 'connect() failed (111: Connection refused) while connecting to upstream',
        note: 'After max_fails such errors the server is marked down for fail_timeout, and requests then log `no live upstreams` (no_healthy_upstream).',
      },
      haproxy: {
        seen: true,
        termination: 'SC',
        status: '503',
        note: 'Logged after `retries` (default 3) failed attempts; the Tc timer is -1.',
      },
      envoy: {
        seen: true,
        flags: 'UF',
        details: 'upstream_reset_before_response_started{remote_connection_failure,delayed_connect_error:_111}',
        note: ENVOY_CONNECT_NOTE,
      },
    },
    statusRationale:
      'HAProxy and Envoy answer 503, NGINX and ALB 502. Ours is 502: the target\'s address gave a definite wrong answer to a connection attempt (DESIGN §3: a bad or absent response after a connection attempt). 503 is kept for "no target could be chosen", which is a different fix.',
    related: ['no_healthy_upstream', 'upstream_unreachable'],
  }),
  upstream_unreachable: defineCause({
    id: 'upstream_unreachable',
    title: "The target's address is unreachable",
    outcome: { kind: 'respond', status: 502 },
    phases: ['connect'],
    culprits: ['network'],
    proxyStatus: 'destination_ip_unroutable',
    explanation:
      'The connection attempt was answered not by the target but by the network: an ICMP "host unreachable" or ' +
      '"network unreachable", or the local kernel has no route. Typical reasons: the target instance was stopped or ' +
      'replaced and its IP is still configured (on the local subnet ARP gets no answer, and connect fails after about ' +
      '3 s); a wrong IP; a missing route (VPC peering, VPN, Transit Gateway route table); a firewall that REJECTs with ' +
      'icmp-host-prohibited (the default REJECT rule of firewalld/RHEL, which Linux reports as "No route to host").',
    evidence: [
      'EHOSTUNREACH (113: No route to host) or ENETUNREACH (101: Network is unreachable) on connect',
      'an ICMP type 3 message from a router or the target host in a capture, or an INCOMPLETE/FAILED neighbour entry for the IP',
      '`ip route get <ip>` shows no route or an unexpected gateway',
    ],
    remedies: [
      {
        action: 'Ask the kernel how it would reach the target, and whether the neighbour (ARP) entry resolves',
        command: 'ip route get 10.0.2.15; ip neigh show 10.0.2.15',
      },
      {
        action: 'Try the port directly from the gateway host, with a short timeout',
        command: 'nc -zv -w 3 10.0.2.15 8080',
      },
      {
        action: 'Trace the path with TCP SYNs to the target port (ICMP traceroute can take another path)',
        command: 'traceroute -T -p 8080 10.0.2.15',
      },
      {
        action: 'Look for REJECT rules on the target host that answer with ICMP',
        command: "iptables -S | grep -i reject; nft list ruleset | grep -i reject",
      },
    ],
    peers: {
      alb: {
        seen: true,
        elbStatus: '502',
        targetStatus: '-',
        processingTimes: '-1 -1 -1',
        metrics: ['HTTPCode_ELB_502_Count', 'TargetConnectionErrorCount'],
        note: 'AWS lists it as an unexpected response from the target such as "ICMP Destination unreachable (Host unreachable)".',
      },
      nginx: {
        seen: true,
        status: '502',
        errorLog: 'connect() failed (113: No route to host) while connecting to upstream',
        note: 'A missing route reads `(101: Network is unreachable)`.',
      },
      haproxy: {
        seen: true,
        termination: 'SC',
        status: '503',
        note: '§8.5: SC also covers "the network stack telling the proxy that the server is unreachable (e.g. no route, or no ARP response on local network)".',
      },
      envoy: {
        seen: true,
        flags: 'UF',
        details: 'upstream_reset_before_response_started{remote_connection_failure,delayed_connect_error:_113}',
        note: ENVOY_CONNECT_NOTE,
      },
    },
    statusRationale:
      'HAProxy and Envoy answer 503. Ours is 502, as for a refused connection: the attempt got a definite negative answer (RFC 9209 §2.3.6 destination_ip_unroutable), so waiting longer would not help.',
    related: ['upstream_connect_timeout', 'upstream_connect_refused'],
  }),
  upstream_connect_timeout: defineCause({
    id: 'upstream_connect_timeout',
    title: 'Connecting to the target timed out',
    outcome: { kind: 'respond', status: 504 },
    phases: ['connect'],
    culprits: ['network'],
    proxyStatus: 'connection_timeout',
    explanation:
      'The gateway sent SYNs and nothing came back before the connect timeout: no SYN-ACK, no RST, no ICMP. Something ' +
      'drops the packets silently. Typical reasons: a security group, network ACL or firewall DROP rule that does not ' +
      'allow the gateway to reach the target port (often: the health-check port is allowed, the traffic port is not); ' +
      'the target\'s listen queue is full, so its kernel drops new SYNs (an app too slow to accept, a small ' +
      '`somaxconn` or listen backlog); a wrong IP in a range that swallows packets; conntrack or NAT tables full on ' +
      'the path; a network ACL that lets the SYN in but blocks the answer on the ephemeral ports (1024–65535) — AWS ' +
      'lists it among the ALB 504 causes.',
    evidence: [
      'the connect timer fired (ETIMEDOUT); a capture shows the SYN retransmitted (after 1 s, 3 s, …) with no reply',
      'on the target host, `nstat` counters TcpExtListenOverflows / TcpExtListenDrops growing',
      'other targets in the same pool connect in milliseconds',
    ],
    remedies: [
      {
        action: 'Test the TCP handshake alone from the gateway host; a hang (not "refused") means packets are dropped',
        command: 'nc -zv -w 5 10.0.2.15 8080',
      },
      {
        action: 'Watch the SYNs leave and see whether anything answers',
        command: "tcpdump -ni any 'host 10.0.2.15 and tcp port 8080 and tcp[tcpflags] & (tcp-syn|tcp-rst) != 0'",
      },
      {
        action: 'On the target host, check for accept-queue overflows and the listen backlog',
        command: "nstat -az TcpExtListenOverflows TcpExtListenDrops; ss -tln 'sport = :8080'",
      },
      {
        action: 'Allow the gateway to the traffic port (AWS: the target\'s security group must admit the gateway\'s security group on that port)',
        command: 'aws ec2 describe-security-groups --group-ids sg-0123456789abcdef0 --query "SecurityGroups[].IpPermissions"',
      },
      {
        action: 'Keep the connect timeout short so a dead target fails fast and a retry can pick another one',
        config: 'pools:\n  app:\n    timeouts:\n      connect: 3s',
      },
    ],
    peers: {
      alb: {
        seen: true,
        elbStatus: '504',
        targetStatus: '-',
        processingTimes: '-1 -1 -1',
        metrics: ['HTTPCode_ELB_504_Count', 'TargetConnectionErrorCount'],
        note: 'AWS: "The load balancer failed to establish a connection to the target before the connection timeout expired (10 seconds)."',
      },
      nginx: {
        seen: true,
        status: '504',
        errorLog: 'upstream timed out (110: Connection timed out) while connecting to upstream',
        note: 'proxy_connect_timeout defaults to 60s and cannot usefully exceed 75s.',
      },
      haproxy: {
        seen: true,
        termination: 'sC',
        status: '503',
        note: '§8.5: "The timeout connect stroke before a connection to the server could complete." Logged after `retries`.',
      },
      envoy: {
        seen: true,
        flags: 'UF',
        details: 'upstream_reset_before_response_started{connection_timeout}',
        note: 'The cluster `connect_timeout` (default 5 s) fired; older releases log `{connection_failure}` for this too.',
      },
    },
    statusRationale:
      'HAProxy and Envoy answer 503, NGINX and ALB 504. Ours is 504: the gateway waited for the target and got no timely answer (RFC 9110 §15.6.5); it is a timeout, not a refusal.',
    related: ['upstream_unreachable', 'upstream_tls_timeout'],
  }),
} as const;
