// Causes of the headers phase where a response head arrived and was wrong, or was the target's own 5xx.
// Every NGINX and HAProxy view below was observed with NGINX 1.22.1 and HAProxy 2.6 in front of a raw
// backend sending each malformed head (bad status line, no colon, space before colon, NUL in a value,
// obs-fold, CL+TE, duplicate and non-numeric Content-Length, Transfer-Encoding: gzip, a 70 KB header).
// Rules: RFC 9112 §4 (status line), §5.1 and §5.2 (field syntax, obs-fold), §6.1 and §6.3 (framing).
import { defineCause } from '../define.ts';

const ALB_MALFORMED = {
  seen: true,
  elbStatus: '502',
  targetStatus: '-',
  metrics: ['HTTPCode_ELB_502_Count'],
  note: 'AWS lists "The target response is malformed or contains HTTP headers that are not valid" among the 502 reasons, without saying which checks it applies.',
} as const;

const INSPECT_RAW = {
  action: 'Look at the exact bytes of the response head (curl tolerates some errors and may hide them)',
  command: "printf 'GET /path HTTP/1.1\\r\\nHost: backend\\r\\nConnection: close\\r\\n\\r\\n' | nc 10.0.2.15 8080 | head -c 2000 | od -c | head -40",
} as const;

export const responseCauses = {
  upstream_bad_response: defineCause({
    id: 'upstream_bad_response',
    title: 'The target sent a malformed response head',
    outcome: { kind: 'respond', status: 502 },
    phases: ['headers'],
    culprits: ['target'],
    proxyStatus: 'http_protocol_error',
    explanation:
      'The target answered, but what it sent is not a valid HTTP/1.1 response head, so forwarding it would pass on ' +
      'something clients and caches may read differently. Examples: a status line that is not `HTTP/1.x NNN reason`; ' +
      'a header line without a colon; whitespace between a field name and the colon (RFC 9112 §5.1 requires rejecting ' +
      'it); NUL, CR or LF inside a value; obs-fold continuation lines (§5.2). Typical reasons: a hand-written HTTP ' +
      'server; a debug print or a PHP notice written before the headers; a header value built from user input that ' +
      'contains a newline; another service on the port (Redis, SSH, a gRPC-only server).',
    evidence: [
      'the parser error and the offset of the first bad byte in the response head',
      'the offending line, e.g. `Content-Length : 5` or a value with \\x00',
      'the first bytes are not `HTTP/1.` at all (e.g. `SSH-2.0-` or `-ERR`)',
    ],
    remedies: [
      INSPECT_RAW,
      { action: 'Or let the probe name the exact violation', command: 'gatewise probe http://10.0.2.15:8080/path' },
      {
        action: 'Fix the app or framework that writes the head; never copy untrusted input into header values without removing CR/LF',
        config: "res.setHeader('X-User', value.replace(/[\\r\\n\\0]/g, ''));",
      },
    ],
    peers: {
      alb: ALB_MALFORMED,
      nginx: {
        seen: true,
        status: '502',
        errorLog: 'upstream sent invalid header: "X-A: a\\x00..." while reading response header from upstream',
        note: 'The quoted part is the bad line up to the bad byte (a space before the colon: `"Content-Length\\x20..."`; obs-fold: `"\\x20..."`). NGINX 1.22 accepted a header line without a colon (200, no error line), and treats a garbled status line as an HTTP/0.9 answer: it logs `upstream sent no valid HTTP/1.0 header while reading response header from upstream`, passes the raw bytes to the client and writes status 009 to the access log.',
      },
      haproxy: {
        seen: true,
        termination: 'PH',
        status: '502',
        note: 'Observed for a line without a colon and for a space before the colon. HAProxy 2.6 passed a NUL in a value and an obs-fold line (it unfolds it) with 200, and accepted a status line starting `HTTX/1.1`.',
      },
      envoy: {
        seen: true,
        flags: 'UPE',
        details: 'upstream_reset_before_response_started{protocol_error}',
        note: 'Envoy answers 502 for an upstream protocol error (503 with UC before 2021, envoyproxy/envoy#15033).',
      },
    },
    related: ['upstream_bad_framing', 'upstream_protocol_mismatch', 'upstream_headers_too_large'],
  }),
  upstream_bad_framing: defineCause({
    id: 'upstream_bad_framing',
    title: "The target's response framing is missing, ambiguous or conflicting",
    outcome: { kind: 'respond', status: 502 },
    phases: ['headers'],
    culprits: ['target'],
    proxyStatus: 'http_response_transfer_coding',
    explanation:
      'The head does not say unambiguously where the body ends: both Content-Length and Transfer-Encoding ' +
      '(RFC 9112 §6.1 forbids a server to send both), several Content-Length values that disagree, a Content-Length ' +
      'that is not a number, or a Transfer-Encoding whose last coding is not chunked. A proxy that guesses can split ' +
      'the stream in the wrong place and serve one client\'s bytes to the next (response splitting/desync); RFC 9112 ' +
      '§6.3 tells a proxy to treat conflicting lengths as an unrecoverable error and answer 502. Typical reasons: app ' +
      'code that sets Content-Length by hand while the framework streams chunked; two layers (app and middleware, or ' +
      'a compression filter) each adding a Content-Length; a length computed before compression.',
    evidence: [
      'the framing header lines as received, e.g. `Content-Length: 2` and `Transfer-Encoding: chunked`, or `Content-Length: 2` twice with `3`',
      'the body length actually sent compared with the declared one',
    ],
    remedies: [
      {
        action: 'List the framing headers the target sends for the failing path',
        command: "curl -s -D - -o /dev/null http://10.0.2.15:8080/path | grep -iE '^(content-length|transfer-encoding):'",
      },
      INSPECT_RAW,
      {
        action: 'Let the framework frame the body: do not set Content-Length by hand on streamed or compressed responses (Node)',
        config: "res.removeHeader('Content-Length'); // when piping a stream; Node then uses chunked",
      },
    ],
    peers: {
      alb: ALB_MALFORMED,
      nginx: {
        seen: false,
        why: 'NGINX 1.22 forwards these responses: with both headers it uses chunked and drops Content-Length; a duplicate conflicting Content-Length, a non-numeric one and Transfer-Encoding: gzip all reached the client as 200 with no error-log line in our test against NGINX 1.22.1',
      },
      haproxy: {
        seen: true,
        termination: 'PH',
        status: '502',
        note: 'Observed for duplicate conflicting and non-numeric Content-Length and for Transfer-Encoding: gzip. With Content-Length plus chunked HAProxy 2.6 uses chunked and answers 200.',
      },
      envoy: {
        seen: true,
        flags: 'UPE',
        details: 'upstream_reset_before_response_started{protocol_error}',
      },
    },
    statusRationale:
      'NGINX 1.22 and HAProxy accept some of these (chunked wins over Content-Length, which RFC 9112 §6.3 allows a recipient to do). We refuse all of them with 502, as RFC 9112 §6.3 requires of a proxy for conflicting lengths: a gateway that guesses the framing of a response it forwards over a shared connection invites desync.',
    related: ['upstream_bad_response', 'upstream_bad_chunked_body'],
  }),
  upstream_headers_too_large: defineCause({
    id: 'upstream_headers_too_large',
    title: "The target's response head is larger than the gateway's limit",
    outcome: { kind: 'respond', status: 502 },
    phases: ['headers'],
    culprits: ['target'],
    proxyStatus: 'http_response_header_section_size',
    explanation:
      'The response head (status line plus all header fields) did not fit in the gateway\'s buffer. Typical reasons: ' +
      'large or many Set-Cookie headers (session data stored in cookies), big JWTs or debug headers echoed back, ' +
      'long Content-Security-Policy or Link headers. Proxies have small defaults: NGINX proxy_buffer_size is one ' +
      'memory page (4k or 8k), HAProxy tune.bufsize 16k minus tune.maxrewrite; Gatewise limits.max_response_head 32k.',
    evidence: [
      'the response head exceeded the limit after N bytes without the blank line that ends it',
      'the same request made directly to the target returns a head of that size',
    ],
    remedies: [
      {
        action: 'Measure the response head the target sends',
        command: 'curl -s -D - -o /dev/null http://10.0.2.15:8080/path | wc -c',
      },
      {
        action: 'Shrink what the app sends (store the session server-side, drop debug headers)',
        command: "curl -s -D - -o /dev/null http://10.0.2.15:8080/path | awk -F: '{print length($0), $1}' | sort -rn | head",
      },
      {
        action: 'Or raise the limit: Gatewise, NGINX, HAProxy',
        config: 'limits:\n  max_response_head: 64k        # Gatewise\nproxy_buffer_size 16k;          # NGINX\ntune.bufsize 32768              # HAProxy, global section',
      },
    ],
    peers: {
      alb: {
        seen: false,
        why: 'AWS documents no size limit for a target\'s response head, so it cannot be said when ALB would refuse one; if it does, it is one of the generic "malformed response" 502s',
      },
      nginx: {
        seen: true,
        status: '502',
        errorLog: 'upstream sent too big header while reading response header from upstream',
      },
      haproxy: { seen: true, termination: 'PH', status: '502' },
      envoy: {
        seen: true,
        flags: 'UPE',
        details: 'upstream_reset_before_response_started{protocol_error}',
        note: 'Envoy\'s limits are max_response_headers_kb (60 KiB) and max_headers_count (100).',
      },
    },
    related: ['upstream_bad_response', 'client_request_headers_too_large'],
  }),
  upstream_5xx: defineCause({
    id: 'upstream_5xx',
    title: 'The target answered with its own 5xx',
    outcome: { kind: 'pass-through' },
    phases: ['headers'],
    culprits: ['target'],
    proxyStatus: null,
    explanation:
      'Nothing failed between the gateway and the target: the target itself answered 500, 502, 503 or 504 and the ' +
      'gateway passed the answer on unchanged. It is logged under this cause so that the target\'s errors are not ' +
      'counted as the gateway\'s. Typical reasons: an exception in the app (500); the app\'s own dependency failing ' +
      '(its 502/503/504); a maintenance page; another proxy inside the target (a sidecar, an NGINX in the container) ' +
      'that had one of the other causes in this catalogue — its Server header and body say which.',
    evidence: [
      'the status came from the target\'s status line: the target status and the gateway status are equal',
      'the body and Server/Via headers are the target\'s, not the gateway\'s; no Proxy-Status error from Gatewise',
    ],
    remedies: [
      {
        action: 'Find who wrote the 5xx: the Server and Via headers of the target\'s answer',
        command: "curl -s -D - -o /dev/null http://10.0.2.15:8080/path | grep -iE '^(HTTP/|server:|via:|proxy-status:)'",
      },
      {
        action: 'Look up the request id in the target\'s log (Gatewise forwards X-Request-Id)',
        command: "grep 'REQUEST_ID' /var/log/app/*.log",
      },
    ],
    peers: {
      alb: {
        seen: true,
        elbStatus: '502',
        targetStatus: '502',
        metrics: ['HTTPCode_Target_5XX_Count'],
        note: 'Whatever 5xx the target sent appears in both fields; AWS: "If the elb_status_code is 502 and the target_status_code is 502, then your target is the source of the errors."',
      },
      nginx: {
        seen: true,
        status: 'the target\'s 5xx (also in $upstream_status)',
        errorLog: null,
        note: 'NGINX writes no error-log line for a status the target sent; `$upstream_status` in the access log shows it. `proxy_intercept_errors on` replaces the body with NGINX\'s error page, which hides the target\'s explanation.',
      },
      haproxy: { seen: true, termination: '--', status: 'the target\'s 5xx' },
      envoy: { seen: true, flags: '-', details: 'via_upstream' },
    },
    related: ['proxy_internal_error'],
  }),
} as const;
