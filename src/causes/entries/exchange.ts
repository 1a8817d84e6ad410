// Causes of the send/headers phases where the connection went away or went quiet before a response.
// Checked against NGINX 1.22.1 and HAProxy 2.6 with a raw backend that closes (FIN), resets (RST),
// never reads the request body or never answers; HAProxy configuration.txt §8.5 (SH, sH, sD); the
// AWS ALB troubleshooting guide (RST or FIN with an outstanding request → 502; idle timeout → 504);
// Envoy's flag table and response code details (UC, UT, upstream_response_timeout).
import { defineCause } from '../define.ts';

const ALB_CLOSED = {
  seen: true,
  elbStatus: '502',
  targetStatus: '-',
  processingTimes: '-1 -1 -1',
  metrics: ['HTTPCode_ELB_502_Count'],
  note: 'AWS: "The target closed the connection with a TCP RST or a TCP FIN while the load balancer had an outstanding request to the target." The access log cannot tell a FIN from a RST, nor a reused connection from a fresh one.',
} as const;

export const exchangeCauses = {
  upstream_keepalive_race: defineCause({
    id: 'upstream_keepalive_race',
    title: 'The target closed an idle keep-alive connection just as the gateway reused it',
    outcome: { kind: 'respond', status: 502 },
    phases: ['send', 'headers'],
    culprits: ['target', 'config'],
    proxyStatus: 'connection_terminated',
    explanation:
      'The gateway picked an idle connection from its pool and wrote a request on it at the moment the target closed ' +
      'it for being idle too long. The target\'s FIN (or RST, if the request bytes arrived after it closed) crosses ' +
      'the request on the wire; the target never saw the request as a request, so nothing is in its logs. It happens ' +
      'when the target\'s keep-alive timeout is SHORTER than the proxy\'s idle timeout: Node\'s default ' +
      'server.keepAliveTimeout is 5 s, gunicorn\'s --keep-alive 2 s, Apache\'s KeepAliveTimeout 5 s, while an ALB ' +
      'keeps idle target connections up to its idle timeout (60 s) and NGINX\'s upstream keepalive_timeout is 60 s. ' +
      'The errors are rare, random, more frequent at low traffic (connections sit idle long enough), and vanish on retry.',
    evidence: [
      'the failed request went out on a reused connection (not its first request) that had been idle for N ms, with N close to or above the target\'s keep-alive timeout',
      'the target\'s FIN or RST arrived within a few milliseconds of the request being written; ECONNRESET, EPIPE or a 0-byte read',
      'the target advertises its timeout: `Keep-Alive: timeout=5` on its responses (Node does this)',
      'no entry for the request in the target\'s access log',
    ],
    remedies: [
      {
        action: 'Make the target keep idle connections longer than any proxy in front of it (Node; headersTimeout above keepAliveTimeout)',
        config: 'server.keepAliveTimeout = 65_000;\nserver.headersTimeout = 66_000;',
      },
      {
        action: 'The same for other app servers: gunicorn, uvicorn, Apache, NGINX as the app server',
        config: 'gunicorn --keep-alive 75 …\nuvicorn --timeout-keep-alive 75 …\nKeepAliveTimeout 75        # Apache\nkeepalive_timeout 75s;     # NGINX (server block)',
      },
      {
        action: 'Or make the proxy retire idle connections before the target does (Gatewise also honours Keep-Alive: timeout=N)',
        config: 'pools:\n  app:\n    keep_alive:\n      idle_timeout: 4s   # below the target\'s 5 s',
      },
      {
        action: 'NGINX in front of the target: keep its upstream idle timeout below the target\'s',
        config: 'upstream app {\n    server 10.0.2.15:8080;\n    keepalive 32;\n    keepalive_timeout 4s;\n}\nproxy_http_version 1.1;\nproxy_set_header Connection "";',
      },
      {
        action: 'See what the target advertises and how long it keeps an idle connection',
        command: "curl -sv -o /dev/null http://10.0.2.15:8080/ 2>&1 | grep -i '^< keep-alive'",
      },
    ],
    peers: {
      alb: {
        ...ALB_CLOSED,
        note: 'The classic ALB 502 with no target status. AWS recommends a target keep-alive timeout greater than the ALB idle timeout (60 s by default). The access log cannot tell this race from a crash; the pattern (rare, random, retry succeeds, low traffic) does.',
      },
      nginx: {
        seen: true,
        status: '502',
        errorLog: 'upstream prematurely closed connection while reading response header from upstream',
        note: 'A RST instead of a FIN reads `recv() failed (104: Connection reset by peer) while reading response header from upstream`, and a failed write `writev() failed (32: Broken pipe) while sending request to upstream`. NGINX retries a request that failed on a cached connection once more without counting it as a try, so many races leave only the error-log line and a 200 in the access log; a POST is not retried unless `proxy_next_upstream … non_idempotent` is set.',
      },
      haproxy: {
        seen: true,
        termination: 'SH',
        status: '502',
        note: '`http-reuse safe` (the default) never sends a client\'s first request over a reused connection; `retry-on conn-failure empty-response response-timeout` lets HAProxy retry the request that met a closed connection.',
      },
      envoy: {
        seen: true,
        flags: 'UC',
        details: 'upstream_reset_before_response_started{connection_termination}',
        note: 'The reply reads "upstream connect error or disconnect/reset before headers. reset reason: connection termination". A cluster `common_http_protocol_options.idle_timeout` below the target\'s keep-alive timeout avoids it; `retry_on: reset` retries it.',
      },
    },
    statusRationale:
      'Envoy answers 503 (UC). Ours is 502 like ALB, NGINX and HAProxy: the connection existed and the target closed it without an answer. The gateway retries it itself when the request is idempotent (RFC 9110 §9.2.2), so the client only sees 502 when that is not allowed.',
    related: ['upstream_closed_before_response', 'upstream_reset_before_response'],
  }),
  upstream_closed_before_response: defineCause({
    id: 'upstream_closed_before_response',
    title: 'The target closed the connection (FIN) without sending a response',
    outcome: { kind: 'respond', status: 502 },
    phases: ['headers', 'send'],
    culprits: ['target'],
    proxyStatus: 'connection_terminated',
    explanation:
      'The target received the request and closed the connection in an orderly way (FIN) without writing a single ' +
      'response byte, on a connection that was not sitting idle (so it is not the keep-alive race). Typical reasons: ' +
      'the process exited while handling the request (an uncaught exception, a `process.exit`, a panic) after reading ' +
      'the request; it was OOM-killed or restarted (a process that dies with unread bytes in its socket sends a RST ' +
      'instead: upstream_reset_before_response); a worker recycled mid-request (gunicorn `--max-requests`, PHP-FPM ' +
      '`pm.max_requests`, gunicorn\'s worker `--timeout` killing a slow worker); app code that ends the socket on ' +
      'some error path; a sidecar or inner proxy that closes.',
    evidence: [
      'a 0-byte read (EOF) after the request was completely written, before any response byte',
      'the connection was fresh, or busy rather than idle, when it was used',
      'on the target host at that time: a crash, restart or OOM kill (`Killed process … (node)` in the kernel log, `OOMKilled` in Kubernetes)',
    ],
    remedies: [
      {
        action: 'Look for OOM kills on the target host around the failure times',
        command: "journalctl -k --since '-1h' | grep -iE 'out of memory|killed process'",
      },
      {
        action: 'In Kubernetes, see why the container last stopped and how often it restarted',
        command: "kubectl get pod -l app=backend -o custom-columns=NAME:.metadata.name,RESTARTS:.status.containerStatuses[0].restartCount,LAST:.status.containerStatuses[0].lastState.terminated.reason",
      },
      {
        action: 'Check the app\'s own restarts and crash logs',
        command: "systemctl status app.service; journalctl -u app.service --since '-1h' | grep -iE 'error|exit|killed'",
      },
      {
        action: 'Stagger worker recycling and let workers finish their requests (gunicorn)',
        config: 'gunicorn --max-requests 1000 --max-requests-jitter 100 --graceful-timeout 30 --timeout 60 …',
      },
    ],
    peers: {
      alb: ALB_CLOSED,
      nginx: {
        seen: true,
        status: '502',
        errorLog: 'upstream prematurely closed connection while reading response header from upstream',
      },
      haproxy: { seen: true, termination: 'SH', status: '502' },
      envoy: {
        seen: true,
        flags: 'UC',
        details: 'upstream_reset_before_response_started{connection_termination}',
      },
    },
    statusRationale: 'Envoy answers 503 (UC). Ours is 502 like ALB, NGINX and HAProxy: the target was reached and gave no answer.',
    related: ['upstream_keepalive_race', 'upstream_reset_before_response'],
  }),
  upstream_reset_before_response: defineCause({
    id: 'upstream_reset_before_response',
    title: 'The target reset the connection (RST) before sending a response',
    outcome: { kind: 'respond', status: 502 },
    phases: ['headers', 'send'],
    culprits: ['target'],
    proxyStatus: 'connection_terminated',
    explanation:
      'The target (or something between) aborted the connection with a TCP RST before any response byte. Typical ' +
      'reasons: the process died with request bytes still unread in its socket — the kernel then answers with RST, ' +
      'which is what an OOM kill or a crash under load usually looks like; the app closes a connection with unread ' +
      'data or with SO_LINGER 0; a deploy closed the listening socket with connections still in its accept queue; a ' +
      'firewall, NAT or conntrack entry expired mid-exchange and the path answers with RST; a RST right after the ' +
      'TCP handshake means the target refuses connections at the application level (a full worker pool, an IP filter).',
    evidence: [
      'ECONNRESET (errno 104) on read or write, before the first response byte',
      'a capture shows `Flags [R]` from the target after the request bytes (or right after the handshake)',
      'on the target host, `nstat` counters TcpExtTCPAbortOnData / TcpExtTCPAbortOnClose grow: it sent RSTs on close',
    ],
    remedies: [
      {
        action: 'Capture resets on the target port to see who sends them and when',
        command: "tcpdump -ni any 'tcp port 8080 and tcp[tcpflags] & tcp-rst != 0'",
      },
      {
        action: 'On the target host, count resets sent because the app closed with unread data',
        command: 'nstat -az TcpExtTCPAbortOnData TcpExtTCPAbortOnClose',
      },
      {
        action: 'Look for crashes and OOM kills at those times',
        command: "journalctl -k --since '-1h' | grep -iE 'out of memory|killed process'",
      },
      {
        action: 'Shut down gracefully: stop accepting, finish in-flight requests, then exit (Node)',
        config: "process.on('SIGTERM', () => { server.close(() => process.exit(0)); });",
      },
    ],
    peers: {
      alb: ALB_CLOSED,
      nginx: {
        seen: true,
        status: '502',
        errorLog: 'recv() failed (104: Connection reset by peer) while reading response header from upstream',
        note: 'A reset while the request is still being written reads `writev() failed (104: Connection reset by peer) while sending request to upstream`; a target that resets as soon as it accepts can also read `connect() failed (104: Connection reset by peer) while connecting to upstream` (the handshake had completed).',
      },
      haproxy: { seen: true, termination: 'SH', status: '502' },
      envoy: {
        seen: true,
        flags: 'UC',
        details: 'upstream_reset_before_response_started{connection_termination}',
        note: 'UR (`{remote_reset}`) is what Envoy logs when an HTTP/2 target resets the stream with RST_STREAM rather than the connection.',
      },
    },
    statusRationale: 'Envoy answers 503. Ours is 502 like ALB, NGINX and HAProxy: the target was reached and aborted instead of answering.',
    related: ['upstream_closed_before_response', 'upstream_keepalive_race'],
  }),
  upstream_send_timeout: defineCause({
    id: 'upstream_send_timeout',
    title: 'Sending the request to the target timed out',
    outcome: { kind: 'respond', status: 504 },
    phases: ['send'],
    culprits: ['target'],
    proxyStatus: 'connection_write_timeout',
    explanation:
      'The gateway could not make progress writing the request — usually a large upload body — because the target ' +
      'stopped reading: its TCP receive window stayed at zero until the send timeout. Typical reasons: the app reads ' +
      'the body only after slow work (authentication, a database call), or not at all on some path; its worker pool ' +
      'is full so nothing reads the socket; a slow or lossy network on the way.',
    evidence: [
      'request bytes pending in the gateway\'s socket (Send-Q) and no progress until the timer fired',
      'a capture shows the target advertising `win 0` (zero window) and the gateway sending window probes',
      'the target\'s Recv-Q for that connection is full',
    ],
    remedies: [
      {
        action: 'On the gateway host, look at the connection\'s send queue; on the target host, at its receive queue',
        command: "ss -tnoi 'dport = :8080'; ss -tnoi 'sport = :8080'",
      },
      {
        action: 'See the zero window on the wire',
        command: "tcpdump -ni any 'tcp port 8080' | grep -F 'win 0'",
      },
      {
        action: 'Make the app read request bodies as they arrive (stream them) instead of after slow work',
        command: 'curl -sv -o /dev/null --data-binary @large.bin http://10.0.2.15:8080/upload',
      },
      {
        action: 'Raise the send timeout only for routes that take large uploads to slow targets',
        config: 'pools:\n  uploads:\n    timeouts:\n      send: 120s',
      },
    ],
    peers: {
      alb: {
        seen: true,
        elbStatus: '504',
        targetStatus: '-',
        metrics: ['HTTPCode_ELB_504_Count'],
        note: 'ALB has one idle timeout (default 60 s) for both directions: a stalled upload looks exactly like a slow response.',
      },
      nginx: {
        seen: true,
        status: '504',
        errorLog: 'upstream timed out (110: Connection timed out) while sending request to upstream',
        note: 'Only with `proxy_request_buffering off`; by default NGINX reads the whole body first and sends it at once (proxy_send_timeout 60s).',
      },
      haproxy: {
        seen: true,
        termination: 'sD',
        status: '-1',
        note: 'Observed with HAProxy 2.6: `timeout server` strikes during the upload, HAProxy logs sD with status -1 and closes the client connection without a response.',
      },
      envoy: {
        seen: true,
        flags: 'UT',
        details: 'upstream_response_timeout',
        note: 'Envoy\'s route timeout (default 15 s) starts when the whole request has been received from the client, so a stalled upload to the target counts against it.',
      },
    },
    statusRationale:
      'HAProxy gives no response at all. Ours is 504 like ALB and NGINX: the target did not take the request in time (RFC 9110 §15.6.5; RFC 9209 §2.3.11 connection_write_timeout).',
    related: ['upstream_headers_timeout', 'client_request_timeout'],
  }),
  upstream_headers_timeout: defineCause({
    id: 'upstream_headers_timeout',
    title: 'The target did not send a response head in time',
    outcome: { kind: 'respond', status: 504 },
    phases: ['headers'],
    culprits: ['target'],
    proxyStatus: 'http_response_timeout',
    explanation:
      'The whole request reached the target and no complete response head came back before the headers timeout. The ' +
      'connection is fine; the app is slow. Typical reasons: a slow database query or lock; every worker busy (sync ' +
      'workers, a full thread pool), so the request waits inside the app; a blocked Node event loop; a long GC pause; ' +
      'a slow call to another service. If only some endpoints fail, it is the endpoint; if all do at once, it is saturation.',
    evidence: [
      'request fully written; no response byte until the timer fired',
      'time to first byte of the same request, tried by hand, is close to or above the timeout',
      'the target\'s access log shows the request later with a long duration, or not at all',
    ],
    remedies: [
      {
        action: 'Measure connect time and time to first byte of the failing request from the gateway host',
        command: "curl -s -o /dev/null -w 'connect=%{time_connect} ttfb=%{time_starttransfer} total=%{time_total}\\n' http://10.0.2.15:8080/slow/path",
      },
      {
        action: 'Find the slow endpoints and fix them first (query plans, locks, worker counts)',
        command: "awk '$9 == 504 {print $7}' /var/log/nginx/access.log | sort | uniq -c | sort -rn | head",
      },
      {
        action: 'Raise the timeout only where long answers are expected',
        config: 'pools:\n  reports:\n    timeouts:\n      headers: 120s',
      },
      {
        action: 'Behind an ALB, its idle timeout must then be at least as long',
        command: 'aws elbv2 modify-load-balancer-attributes --load-balancer-arn ARN --attributes Key=idle_timeout.timeout_seconds,Value=120',
      },
    ],
    peers: {
      alb: {
        seen: true,
        elbStatus: '504',
        targetStatus: '-',
        processingTimes: '-1 -1 -1',
        metrics: ['HTTPCode_ELB_504_Count'],
        note: 'AWS: "The load balancer established a connection to the target but the target did not respond before the idle timeout period elapsed." The processing-time fields are documented as -1 in that case.',
      },
      nginx: {
        seen: true,
        status: '504',
        errorLog: 'upstream timed out (110: Connection timed out) while reading response header from upstream',
        note: 'proxy_read_timeout (default 60s) is the time between two reads, not the total.',
      },
      haproxy: {
        seen: true,
        termination: 'sH',
        status: '504',
        note: '§8.5: "This is the most common anomaly, indicating too long transactions."',
      },
      envoy: {
        seen: true,
        flags: 'UT',
        details: 'upstream_response_timeout',
        note: 'The route timeout defaults to 15 s — often the first to fire; `upstream_per_try_timeout` when a per-try timeout fired on the last try.',
      },
    },
    related: ['upstream_send_timeout', 'upstream_body_timeout', 'upstream_overloaded'],
  }),
} as const;
