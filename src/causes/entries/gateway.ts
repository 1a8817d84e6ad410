// Causes that are the gateway's own: its limits, its bugs, and errors it could not name. Peer texts:
// NGINX 1.22 binary strings ("%ui worker_connections are not enough", "accept4() failed", "%s %P
// exited on signal %d"); HAProxy configuration.txt §8.5 (PC, RC, PR with 500 on rewrite failure);
// ALB CloudWatch metrics (RejectedConnectionCount, HTTPCode_ELB_500_Count); Envoy flags (OM).
import { defineCause } from '../define.ts';

const GATEWAY_LOG = '/var/log/gatewise/access.log';

export const gatewayCauses = {
  proxy_overloaded: defineCause({
    id: 'proxy_overloaded',
    title: 'The gateway itself is at its connection or memory limit',
    outcome: { kind: 'respond', status: 503 },
    phases: ['accept'],
    culprits: ['gateway'],
    proxyStatus: 'proxy_internal_response',
    explanation:
      'The gateway refused new work to protect itself: it already holds limits.max_client_connections client ' +
      'connections, or its memory is near the limit. The targets may be fine. Typical reasons: a traffic spike; ' +
      'slow clients or slow targets keeping connections open longer (the same traffic then needs more ' +
      'connections); a connection leak in a client that never reuses connections; limits or the file-descriptor ' +
      'ulimit set below what the host can carry.',
    evidence: [
      'open client connections = limits.max_client_connections (or heap usage near the limit) when the request was refused',
      'the gateway\'s process limits: `Max open files` in /proc/PID/limits',
    ],
    remedies: [
      {
        action: 'Count the gateway\'s client connections by state',
        command: "ss -tan 'sport = :443' | awk 'NR>1 {print $1}' | sort | uniq -c",
      },
      {
        action: 'Check the file-descriptor limit of the running gateway',
        command: "grep 'open files' /proc/$(pgrep -o -f 'gatewise serve')/limits",
      },
      {
        action: 'Raise the limit to what the host can carry (and the fd ulimit with it, e.g. LimitNOFILE in the systemd unit), or add gateway instances',
        config: 'limits:\n  max_client_connections: 50000\n# systemd: [Service] LimitNOFILE=100000',
      },
    ],
    peers: {
      alb: {
        seen: true,
        elbStatus: '- (the connection is refused, no response)',
        targetStatus: '-',
        metrics: ['RejectedConnectionCount'],
        note: 'RejectedConnectionCount: "connections that were rejected because the load balancer had reached its maximum number of connections". No access-log entry is written for them.',
      },
      nginx: {
        seen: true,
        status: '- (the connection is closed, no response)',
        errorLog: '1024 worker_connections are not enough',
        note: 'Logged at alert level; when the file-descriptor limit is reached instead: `accept4() failed (24: Too many open files)`.',
      },
      haproxy: {
        seen: true,
        termination: 'PC',
        status: '503',
        note: '§8.5: the process\'s socket limit was reached while connecting to a server (RC: another local resource ran out). At the global `maxconn`, HAProxy stops accepting and new connections wait in the kernel\'s backlog without a log line.',
      },
      envoy: {
        seen: true,
        flags: 'OM',
        details: 'overload',
        note: 'Only with the overload manager configured; it answers 503.',
      },
    },
    related: ['upstream_overloaded'],
  }),
  proxy_internal_error: defineCause({
    id: 'proxy_internal_error',
    title: 'A bug in the gateway',
    outcome: { kind: 'respond', status: 500 },
    phases: ['accept', 'route', 'select', 'queue', 'resolve', 'connect', 'tls', 'send', 'headers', 'body'],
    culprits: ['gateway'],
    proxyStatus: 'proxy_internal_error',
    explanation:
      'The gateway hit an exception in its own code while handling the request. This must never happen: every ' +
      'failure the outside world can cause has its own cause id, and the tests assert that no lab fault produces ' +
      'this one. The request was answered with 500 so the client is not left hanging; the stack trace is in the ' +
      'gateway\'s log under the request id.',
    evidence: ['a stack trace in the gateway log with the same request id', 'the access log line carries this cause'],
    remedies: [
      {
        action: 'Find the failing requests and their ids',
        command: `grep -F 'proxy_internal_error' ${GATEWAY_LOG} | tail -n 20`,
      },
      {
        action: 'Report it with the version, the stack trace and the access-log line (the request id joins them)',
        command: 'gatewise --version',
      },
    ],
    peers: {
      alb: {
        seen: true,
        elbStatus: '500',
        targetStatus: '-',
        metrics: ['HTTPCode_ELB_500_Count'],
        note: 'ALB\'s own 500s are rare and mostly come from its features (authentication, AWS WAF); the fix is on AWS\'s side or in that feature\'s configuration.',
      },
      nginx: {
        seen: true,
        status: '- (a crashed worker closes its connections)',
        errorLog: 'worker process 12345 exited on signal 11',
        note: 'NGINX\'s own defects usually end the worker; its 500s come from configuration (e.g. a rewrite cycle) rather than bugs.',
      },
      haproxy: {
        seen: true,
        termination: 'PR',
        status: '500',
        note: '§8.5: a header rewrite failure on the request (tune.maxrewrite) is answered with 500; PH with 500 is the same on the response side.',
      },
      envoy: {
        seen: false,
        why: 'Envoy has no response flag for its own defects; a crash ends the process and clients see their connections reset',
      },
    },
    related: ['proxy_unclassified_error', 'upstream_5xx'],
  }),
  proxy_unclassified_error: defineCause({
    id: 'proxy_unclassified_error',
    title: 'An error the gateway could not map to a cause',
    outcome: { kind: 'respond', status: 502 },
    phases: ['connect', 'tls', 'send', 'headers', 'body'],
    culprits: ['gateway'],
    proxyStatus: 'proxy_internal_error',
    explanation:
      'Talking to the target failed with an error code the gateway has no cause for (an unusual errno, a new ' +
      'OpenSSL reason). The client gets 502 because the failure was on the way to or from the target, and the raw ' +
      'error code is logged with it. It is the gateway admitting that its catalogue is incomplete: each occurrence is ' +
      'a new cause to add, and no lab fault may produce it.',
    evidence: ['the raw error code (errno, OpenSSL or parser code) logged with the request — the `error_code` of the failing attempt in the JSON access log'],
    remedies: [
      {
        action: 'Collect the raw error codes behind it',
        command: `grep -F 'proxy_unclassified_error' ${GATEWAY_LOG} | tail -n 20`,
      },
      {
        action: 'Report the error code and the access-log line so the catalogue can name it; meanwhile run the probe against the target',
        command: 'gatewise probe http://10.0.2.15:8080/',
      },
    ],
    peers: {
      alb: {
        seen: false,
        why: 'ALB has no catch-all category that admits an unnamed error: every gateway-made error is one of its documented status codes, with no cause attached',
      },
      nginx: {
        seen: false,
        why: 'NGINX logs every error with its own message and the raw errno, and has no separate "unclassified" category; an unknown errno simply appears as `… failed (N: …)`',
      },
      haproxy: {
        seen: false,
        why: 'HAProxy sorts every session into a termination state; there is no state for an error it could not classify',
      },
      envoy: {
        seen: false,
        why: 'Envoy reports resets by reason (`upstream_reset_before_response_started{…}`) and has no flag for an unknown one',
      },
    },
    related: ['proxy_internal_error'],
  }),
} as const;
