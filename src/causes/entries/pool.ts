// Causes of choosing a target: the pool is draining, unhealthy, empty or full.
// Observed with NGINX 1.22.1 (`no live upstreams` after max_fails) and HAProxy 2.6 (`<NOSRV>` with SC
// when every server is down, sQ when `timeout queue` expires); ALB facts from the AWS troubleshooting
// guide (503 "no registered targets", 502 "deregistration delay period elapsed") and target-group docs
// (fail-open when every target is unhealthy); Envoy's flag table (UH, UO, NR, NC).
import { defineCause } from '../define.ts';

export const poolCauses = {
  upstream_draining_expired: defineCause({
    id: 'upstream_draining_expired',
    title: 'The target was deregistered and its drain time ran out mid-request',
    outcome: { kind: 'respond', status: 502 },
    phases: ['headers', 'body'],
    culprits: ['config'],
    proxyStatus: 'connection_terminated',
    explanation:
      'The target was being removed (a deploy, a scale-in, a spot interruption, a manual deregistration). The load ' +
      'balancer stopped sending it new requests and let the ones in flight run for the deregistration delay; this ' +
      'request was still running when the delay ended, so its connection was cut. Before the response head the client ' +
      'gets 502; after it, the connection is aborted. Typical reasons: requests longer than the delay (uploads, ' +
      'reports, WebSockets, long polling) — ALB\'s default delay is 300 s but is often lowered to speed up deploys; an ' +
      'app that exits on SIGTERM before its in-flight requests finish makes it worse.',
    evidence: [
      'the target was in the draining state when the request started, and the connection was closed by the gateway exactly when the drain deadline passed',
      'request duration ≈ the deregistration delay; the failures cluster around deploys or scale-in events',
    ],
    remedies: [
      {
        action: 'Read the target group\'s deregistration delay',
        command:
          "aws elbv2 describe-target-group-attributes --target-group-arn ARN --query \"Attributes[?Key=='deregistration_delay.timeout_seconds']\"",
      },
      {
        action: 'Make it longer than your longest legitimate request',
        command: 'aws elbv2 modify-target-group-attributes --target-group-arn ARN --attributes Key=deregistration_delay.timeout_seconds,Value=600',
      },
      {
        action: 'In Kubernetes, keep the pod serving while endpoints are removed, and give it the time to finish',
        config: 'spec:\n  terminationGracePeriodSeconds: 120\n  containers:\n    - name: app\n      lifecycle:\n        preStop:\n          exec:\n            command: ["sleep", "15"]',
      },
    ],
    peers: {
      alb: {
        seen: true,
        elbStatus: '502',
        targetStatus: '-',
        metrics: ['HTTPCode_ELB_502_Count'],
        note: 'AWS: "The deregistration delay period elapsed for a request being handled by a target that was deregistered."',
      },
      nginx: {
        seen: false,
        why: 'NGINX has no per-target drain deadline: a server removed by a reload keeps its in-flight requests in the old worker until they finish (or until worker_shutdown_timeout, which closes connections without a drain-specific log line)',
      },
      haproxy: {
        seen: false,
        why: 'HAProxy\'s drain state (`set server … state drain`) only stops new traffic; it has no deadline that cuts in-flight requests, so nothing is logged for this',
      },
      envoy: {
        seen: false,
        why: 'Envoy has no per-host deregistration deadline: a host removed from the cluster keeps its in-flight streams until they end',
      },
    },
    related: ['upstream_closed_mid_body', 'upstream_closed_before_response'],
  }),
  no_healthy_upstream: defineCause({
    id: 'no_healthy_upstream',
    title: 'No healthy target in the pool',
    outcome: { kind: 'respond', status: 503 },
    phases: ['select'],
    culprits: ['target'],
    proxyStatus: 'destination_unavailable',
    explanation:
      'The pool has targets, but every one of them is marked down — by active health checks, or passively after ' +
      'recent failures — so no connection was even attempted. Typical reasons: a deploy broke the health endpoint or ' +
      'every instance at once; the health check tests a shared dependency (the database) that is down, taking all ' +
      'targets out together; a wrong health-check path, port or expected status; a firewall that allows the traffic ' +
      'port but not the health-check port; passive ejection after a burst of errors.',
    evidence: [
      'at request time every target in the pool was marked unhealthy; the health-check log says why (status, timeout, refused)',
      'no connection attempt was made for the request',
    ],
    remedies: [
      {
        action: 'See each target\'s health and the reason (ALB: Target.ResponseCodeMismatch, Target.Timeout, Target.FailedHealthChecks …)',
        command: 'aws elbv2 describe-target-health --target-group-arn ARN',
      },
      {
        action: 'Call the health endpoint yourself from the gateway host',
        command: 'curl -sv --max-time 5 http://10.0.2.15:8080/healthz',
      },
      {
        action: 'HAProxy: list server states and the last check result',
        command: 'echo "show servers state" | socat stdio /run/haproxy/admin.sock',
      },
      {
        action: 'Keep health checks about the target itself (liveness), not about its dependencies, so one outage does not empty the pool',
        config: "app.get('/healthz', (req, res) => res.end('ok')); // no database call here",
      },
    ],
    peers: {
      alb: {
        seen: false,
        why: 'ALB fails open: when every target in a target group is unhealthy it routes requests to all of them anyway, so they end in the targets\' own errors instead of a 503 (ALB\'s 503 means no registered targets: no_upstream_configured)',
      },
      nginx: {
        seen: true,
        status: '502',
        errorLog: 'no live upstreams while connecting to upstream',
        note: 'NGINX marks a server down after max_fails (default 1) failures within fail_timeout (default 10s), logging `upstream server temporarily disabled while connecting to upstream`.',
      },
      haproxy: {
        seen: true,
        termination: 'SC',
        status: '503',
        note: 'The server field reads `backend/<NOSRV>`; the admin log says `backend … has no server available!`.',
      },
      envoy: { seen: true, flags: 'UH', details: 'no_healthy_upstream' },
    },
    statusRationale:
      'NGINX answers 502; HAProxy and Envoy 503. Ours is 503: no target was contacted, and the condition is a temporary unavailability of the service (RFC 9110 §15.6.4), not a bad answer from a server.',
    related: ['upstream_connect_refused', 'no_upstream_configured', 'upstream_overloaded'],
  }),
  no_upstream_configured: defineCause({
    id: 'no_upstream_configured',
    title: 'No route or no registered target for the request',
    outcome: { kind: 'respond', status: 503 },
    phases: ['route'],
    culprits: ['config'],
    proxyStatus: 'destination_not_found',
    explanation:
      'No route matched the request\'s host and path, or the route\'s pool has no targets at all. This is ' +
      'configuration, not health. Typical reasons: a target group with zero registered targets (an Auto Scaling ' +
      'group at 0, a deploy that deregistered before registering); a Kubernetes Service whose selector matches no ' +
      'pods; a new host name not yet added to the routes; a typo in a pool name.',
    evidence: [
      'the route lookup for this host and path found nothing, or found a pool with zero targets',
      'the pool was empty for the whole period, not flapping (that would be no_healthy_upstream)',
    ],
    remedies: [
      {
        action: 'ALB: list what is registered in the target group (an empty list is this cause)',
        command: 'aws elbv2 describe-target-health --target-group-arn ARN',
      },
      {
        action: 'Kubernetes: check that the Service selects ready pods',
        command: 'kubectl get endpointslices -l kubernetes.io/service-name=backend -o wide',
      },
      {
        action: 'Validate the routes and pools of the gateway config',
        command: 'gatewise check gatewise.yaml',
      },
    ],
    peers: {
      alb: {
        seen: true,
        elbStatus: '503',
        targetStatus: '-',
        metrics: ['HTTPCode_ELB_503_Count'],
        note: 'AWS: "The target groups for the load balancer have no registered targets."',
      },
      nginx: {
        seen: false,
        why: 'NGINX cannot run with an empty upstream (`nginx -t` fails: `no servers in upstream "app" in /etc/nginx/conf.d/app.conf:3`), and a request that matches no location is served by the default server or location (often a 404), so there is no runtime error for this',
      },
      haproxy: {
        seen: true,
        termination: 'SC',
        status: '503',
        note: 'A backend without servers logs `backend/<NOSRV>`; a request that matches no `use_backend` rule and no `default_backend` also gets 503.',
      },
      envoy: {
        seen: true,
        flags: 'NR',
        details: 'route_not_found',
        note: 'NR comes with 404. A route naming a cluster that does not exist gives NC (`cluster_not_found`, 503); a cluster with no hosts gives UH.',
      },
    },
    statusRationale:
      'Envoy answers 404 when no route matches. Ours is 503: a missing route is the gateway\'s configuration state, not a statement that the resource does not exist; a 404 is heuristically cacheable (RFC 9110 §15.1) and may be stored by CDNs and clients, while a 503 is not.',
    related: ['no_healthy_upstream', 'upstream_dns_failed'],
  }),
  upstream_overloaded: defineCause({
    id: 'upstream_overloaded',
    title: 'Every target is at its connection or queue limit',
    outcome: { kind: 'respond', status: 503 },
    phases: ['queue'],
    culprits: ['target'],
    proxyStatus: 'connection_limit_reached',
    explanation:
      'Every target already had as many requests in flight as it is allowed (max_connections_per_target, HAProxy ' +
      '`maxconn`, an Envoy circuit breaker), and the request could not get a slot before the queue timeout. The ' +
      'limit protects the targets; hitting it means demand exceeds what they were sized for. Typical reasons: the ' +
      'targets got slower (every request holds its slot longer, so slots run out at the same traffic); a traffic ' +
      'spike; limits set too low for the instance size; too few targets after a scale-in.',
    evidence: [
      'at request time every target had active = limit; the request waited in the queue for the queue timeout',
      'target latency rose before the rejections started (slower targets, same traffic)',
    ],
    remedies: [
      {
        action: 'HAProxy: current queue (qcur) and sessions (scur) against the limit (slim) per server',
        command: 'echo "show stat" | socat stdio /run/haproxy/admin.sock | cut -d, -f1,2,3,5,7',
      },
      {
        action: 'Find out whether the targets got slower before they got full',
        command: "curl -s -o /dev/null -w 'ttfb=%{time_starttransfer}\\n' http://10.0.2.15:8080/path",
      },
      {
        action: 'Add targets or raise the per-target limit to what one target can really serve',
        config: 'pools:\n  app:\n    max_connections_per_target: 200',
      },
      {
        action: 'Envoy: the circuit breakers default to 1024 connections, pending requests and requests per cluster',
        config: 'circuit_breakers:\n  thresholds:\n    - max_connections: 4096\n      max_pending_requests: 4096\n      max_requests: 4096',
      },
    ],
    peers: {
      alb: {
        seen: false,
        why: 'ALB has no per-target connection limit or queue; it sends every request on (the Classic Load Balancer\'s surge queue showed this as 503 with SpilloverCount)',
      },
      nginx: {
        seen: true,
        status: '502',
        errorLog: 'no live upstreams while connecting to upstream',
        note: 'Only with `max_conns` on the servers: when all are at max_conns, NGINX open source finds no server to use. Queueing (`queue`) exists in NGINX Plus only.',
      },
      haproxy: {
        seen: true,
        termination: 'sQ',
        status: '503',
        note: 'The server field reads `backend/<NOSRV>` and Tw (time in queue) equals `timeout queue`.',
      },
      envoy: {
        seen: true,
        flags: 'UO',
        details: 'upstream_reset_before_response_started{overflow}',
      },
    },
    statusRationale:
      'NGINX answers 502. Ours is 503 like HAProxy and Envoy: the request was refused to protect the targets, a temporary overload (RFC 9110 §15.6.4); no target gave a bad answer.',
    related: ['upstream_headers_timeout', 'proxy_overloaded', 'no_healthy_upstream'],
  }),
} as const;
