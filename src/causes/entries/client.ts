// Causes on the client side of the exchange: the client went away, or sent something the gateway must
// refuse. Observed with NGINX 1.22.1 (invalid header line, invalid method, CL+TE, too large body, too
// long header line, slow head → 408 logged without a response); HAProxy 2.6 (oversized head: PR 400
// `<BADREQ>`); HAProxy configuration.txt §8.5 (CD, CH, CR, cR, PR); ALB access-log docs (460, 408,
// desync classification); Envoy docs (DC, DPE, SI, response code 0).
import { defineCause } from '../define.ts';

const FIND_CLIENTS = {
  action: 'See which clients and paths it comes from (NGINX combined log: $1 address, $7 path, $9 status)',
} as const;

export const clientCauses = {
  client_aborted: defineCause({
    id: 'client_aborted',
    title: 'The client went away before the response was complete',
    outcome: { kind: 'log-only', status: 499 },
    phases: ['headers', 'body', 'connect', 'send', 'accept'],
    culprits: ['client'],
    proxyStatus: null,
    explanation:
      'The client closed its connection (FIN or RST) before the gateway finished answering, so nothing more can be ' +
      'sent; the exchange is logged with 499, the convention NGINX introduced. The gateway stops the work it started ' +
      'for that client. Typical reasons: the user navigated away or pressed stop; a client-side timeout shorter than ' +
      'the time the target takes (mobile SDKs with 10 s, a load balancer in front with a shorter idle timeout, a ' +
      'service calling us with a tight deadline); a health checker or load tester giving up. Many 499s on one slow ' +
      'endpoint are a latency problem reported by the clients.',
    evidence: [
      'a FIN or RST from the client before the last response byte was written',
      'the request duration is close to a round number (10 s, 30 s, 60 s): the client\'s timeout',
    ],
    remedies: [
      {
        ...FIND_CLIENTS,
        command: "awk '$9 == 499 {print $7}' /var/log/nginx/access.log | sort | uniq -c | sort -rn | head",
      },
      {
        action: 'Compare the latency of those requests with the clients\' timeouts; make the slow endpoint faster or the timeout longer',
        command: "curl -s -o /dev/null -w 'ttfb=%{time_starttransfer}\\n' http://10.0.2.15:8080/slow/path",
      },
      {
        action: 'Behind an ALB, keep the gateway\'s client idle timeout above the ALB\'s idle timeout so the ALB, not the gateway, ends idle connections',
        config: 'client:\n  timeouts:\n    idle: 75s',
      },
    ],
    peers: {
      alb: {
        seen: true,
        elbStatus: '460',
        targetStatus: '-',
        metrics: ['HTTPCode_ELB_4XX_Count'],
        note: 'AWS: "The load balancer received a request from a client, but the client closed the connection with the load balancer before the idle timeout period elapsed."',
      },
      nginx: {
        seen: true,
        status: '499',
        errorLog:
          'epoll_wait() reported that client prematurely closed connection, so upstream connection is closed too while sending request to upstream',
        note: 'Logged at info level, so it is missing from error logs at the default `error` level. The context varies with the phase (`while reading response header from upstream`); `client prematurely closed connection` is the short form. `proxy_ignore_client_abort on` lets the request to the target finish.',
      },
      haproxy: {
        seen: true,
        termination: 'CD',
        status: 'as already sent (e.g. 200)',
        note: '§8.5: CD is a client that left during the body; CH while waiting for the response, CR before its request was complete, CC during the connect, CQ in the queue. Observed with HAProxy 2.6: a client that closed while waiting for a slow response (even with `option abortonclose`) was logged as a normal `----` 200 once the server answered, so early leavers can be invisible there.',
      },
      envoy: {
        seen: true,
        flags: 'DC',
        details: 'downstream_remote_disconnect',
        note: 'The response code is logged as 0 when nothing was sent.',
      },
    },
    statusRationale:
      'ALB logs 460, NGINX 499. Ours logs 499 (the widest-known convention) and sends nothing: there is no one left to send a status to.',
    related: ['client_request_timeout', 'upstream_headers_timeout'],
  }),
  client_request_invalid: defineCause({
    id: 'client_request_invalid',
    title: 'The request is malformed or ambiguous',
    outcome: { kind: 'respond', status: 400 },
    phases: ['accept'],
    culprits: ['client'],
    proxyStatus: 'http_request_error',
    explanation:
      'The client sent a request the gateway must not forward: a broken request line, a request-target in a form ' +
      'its method may not use (`*` is for OPTIONS, `host:port` for CONNECT, which a reverse proxy refuses: it opens ' +
      'no tunnels), plain HTTP sent to a TLS listener, an invalid header line, a missing Host in HTTP/1.1, or framing ' +
      'that can be read two ways — Content-Length together with ' +
      'Transfer-Encoding, several Content-Length values, an invalid chunked body. Ambiguous framing is how request ' +
      'smuggling works: the gateway and the target would split the byte stream differently, and one client\'s bytes ' +
      'would become the next request. RFC 9112 §6.3 requires rejecting it. Typical reasons: a buggy or hand-rolled ' +
      'client, a scanner or an attack, a client library that adds its own Content-Length to a chunked body.',
    evidence: [
      'the parser error and the offset of the first bad byte in the request head',
      'the offending line, e.g. both `Content-Length` and `Transfer-Encoding: chunked`, or `Bad Header` without a colon',
    ],
    remedies: [
      {
        action: 'Capture a failing request as it arrives, to see which client sends it and what is wrong',
        command: "tcpdump -ni any -A -s 0 'tcp dst port 8080' | grep -B2 -A12 -m 5 'HTTP/1'",
      },
      {
        ...FIND_CLIENTS,
        command: "awk '$9 == 400 {print $1}' /var/log/nginx/access.log | sort | uniq -c | sort -rn | head",
      },
    ],
    peers: {
      alb: {
        seen: true,
        elbStatus: '400',
        targetStatus: '-',
        metrics: ['HTTPCode_ELB_4XX_Count', 'DesyncMitigationMode_NonCompliant_Request_Count'],
        note: 'ALB records why in the access log\'s `classification` (Acceptable, Ambiguous, Severe) and `classification_reason` fields (e.g. BothTeClPresent, MultipleContentLength, BadHeader); whether it blocks depends on the desync mitigation mode (defensive by default blocks Severe). A Transfer-Encoding other than chunked or identity gets 501.',
      },
      nginx: {
        seen: true,
        status: '400',
        errorLog: 'client sent invalid header line: "Bad\\x20..." while reading client request headers',
        note: 'Other texts observed with NGINX 1.22.1: `client sent "Content-Length" and "Transfer-Encoding" headers at the same time while reading client request headers`, `client sent invalid method while reading client request line`. They are logged at info level.',
      },
      haproxy: {
        seen: true,
        termination: 'PR',
        status: '400',
        note: 'The request is logged as `<BADREQ>`; `show errors` on the admin socket shows the bytes and the offset.',
      },
      envoy: {
        seen: true,
        flags: 'DPE',
        details: 'http1.codec_error',
        note: 'Other http1.* details name the rule, e.g. `http1.invalid_characters`, `http1.content_length_and_chunked_not_allowed`.',
      },
    },
    related: ['client_request_headers_too_large', 'client_request_timeout'],
  }),
  client_request_timeout: defineCause({
    id: 'client_request_timeout',
    title: 'The client sent its request too slowly',
    outcome: { kind: 'respond', status: 408 },
    phases: ['accept'],
    culprits: ['client'],
    proxyStatus: null,
    explanation:
      'The client opened a connection but did not deliver the complete request head (or the next piece of the body) ' +
      'within the client timeout, so the gateway answers 408 and closes. Typical reasons: browsers that pre-connect ' +
      'speculatively and then send nothing; slow or lossy mobile networks during uploads; clients that stream a body ' +
      'and stall; Slowloris-style attacks that hold connections open by sending a byte at a time.',
    evidence: [
      'N bytes of request received, the head (or body) incomplete, when the client timer fired',
      'connections with zero bytes received are usually pre-connects, not users',
    ],
    remedies: [
      {
        ...FIND_CLIENTS,
        command: "awk '$9 == 408 {print $1}' /var/log/nginx/access.log | sort | uniq -c | sort -rn | head",
      },
      {
        action: 'Keep the head timeout short (slow clients hold connections) and the body idle timeout fit for slow uploads',
        config: 'client:\n  timeouts:\n    request_head: 10s\n    request_body_idle: 60s',
      },
      {
        action: 'HAProxy: ignore connections that never send a byte (browser pre-connects) so they stop counting as errors',
        config: 'defaults\n    timeout http-request 10s\n    option http-ignore-probes',
      },
    ],
    peers: {
      alb: {
        seen: true,
        elbStatus: '408',
        targetStatus: '-',
        metrics: ['HTTPCode_ELB_4XX_Count'],
      },
      nginx: {
        seen: true,
        status: '408',
        errorLog: 'client timed out (110: Connection timed out) while reading client request headers',
        note: 'Observed with NGINX 1.22.1: 408 is written to the access log but nothing is sent — the connection is just closed (client_header_timeout and client_body_timeout, default 60s). Logged at info level.',
      },
      haproxy: {
        seen: true,
        termination: 'cR',
        status: '408',
        note: '§8.5: "The timeout http-request stroke before the client sent a full HTTP request."',
      },
      envoy: {
        seen: true,
        flags: 'SI',
        details: 'stream_idle_timeout',
        note: 'With the optional `request_timeout` the detail is `request_overall_timeout`; both answer 408.',
      },
    },
    related: ['client_aborted', 'client_request_invalid'],
  }),
  client_request_too_large: defineCause({
    id: 'client_request_too_large',
    title: 'The request body is larger than allowed',
    outcome: { kind: 'respond', status: 413 },
    phases: ['accept'],
    culprits: ['client'],
    proxyStatus: null,
    explanation:
      'The request body (declared by Content-Length, or counted while a chunked body arrives) is larger than the ' +
      'configured limit, so the gateway refuses it with 413 before or while reading it. Typical reasons: file uploads ' +
      'larger than the limit was set for; a client posting a large JSON batch; NGINX\'s default client_max_body_size ' +
      'of 1m in a chain where the app expects more.',
    evidence: ['Content-Length (or the bytes counted so far) above limits.max_request_body'],
    remedies: [
      {
        ...FIND_CLIENTS,
        command: "awk '$9 == 413 {print $1, $7}' /var/log/nginx/access.log | sort | uniq -c | sort -rn | head",
      },
      {
        action: 'Raise the limit to the largest legitimate upload, in every proxy of the chain (Gatewise, NGINX)',
        config: 'limits:\n  max_request_body: 50m\n# NGINX: client_max_body_size 50m;',
      },
    ],
    peers: {
      alb: {
        seen: false,
        why: 'ALB sets no request-body limit for instance and IP targets; its only 413 is for Lambda targets, whose request body may not exceed 1 MB (error_reason LambdaRequestTooLarge)',
      },
      nginx: {
        seen: true,
        status: '413',
        errorLog: 'client intended to send too large body: 10485760 bytes',
        note: 'client_max_body_size defaults to 1m.',
      },
      haproxy: {
        seen: true,
        termination: 'PR',
        status: '413',
        note: 'Only with a rule such as `http-request deny deny_status 413 if { req.hdr_val(content-length) gt 10485760 }`: HAProxy has no body limit of its own.',
      },
      envoy: {
        seen: true,
        flags: '-',
        details: 'request_payload_too_large',
        note: 'Only when a buffering filter holds the whole body (e.g. the buffer filter\'s max_request_bytes); Envoy streams bodies otherwise and sets no limit.',
      },
    },
    related: ['client_request_headers_too_large'],
  }),
  client_request_headers_too_large: defineCause({
    id: 'client_request_headers_too_large',
    title: 'The request head is larger than allowed',
    outcome: { kind: 'respond', status: 431 },
    phases: ['accept'],
    culprits: ['client'],
    proxyStatus: null,
    explanation:
      'The request line plus header fields exceed limits.max_request_head, so the gateway answers 431 Request Header ' +
      'Fields Too Large (RFC 6585 §5). Typical reasons: cookies that grew over time (many cookies set on a parent ' +
      'domain by several apps); a large JWT or SAML assertion in a header; a very long URL with tracking parameters.',
    evidence: ['the request head exceeded the limit after N bytes, before the blank line that ends it'],
    remedies: [
      {
        action: 'Measure the cookie and header sizes a browser sends (from a HAR file or devtools copy-as-curl)',
        command: "curl -sv -o /dev/null https://example.com/ -H @headers.txt 2>&1 | grep '^>' | awk '{print length($0), $2}' | sort -rn | head",
      },
      {
        action: 'Raise the limit only after trimming cookies, in every proxy of the chain (Gatewise, NGINX)',
        config: 'limits:\n  max_request_head: 64k\n# NGINX: large_client_header_buffers 4 16k;',
      },
    ],
    peers: {
      alb: {
        seen: true,
        elbStatus: '400',
        targetStatus: '-',
        metrics: ['HTTPCode_ELB_4XX_Count'],
        note: 'ALB limits a request line and each header to 16K and the whole head to 64K.',
      },
      nginx: {
        seen: true,
        status: '400',
        errorLog: 'client sent too long header line: "X-Big: aaaa..." while reading client request headers',
        note: 'NGINX answers 400 "Request Header Or Cookie Too Large" (its internal code 494); the access log shows 400. The limit is large_client_header_buffers (4 × 8k): one header line must fit in one buffer.',
      },
      haproxy: {
        seen: true,
        termination: 'PR',
        status: '400',
        note: 'Observed with HAProxy 2.6: logged as `<BADREQ>`; the head must fit in tune.bufsize (16k) minus tune.maxrewrite.',
      },
      envoy: {
        seen: true,
        flags: 'DPE',
        details: 'http1.headers_too_large',
        note: 'Envoy answers 431; the limit is max_request_headers_kb (60 KiB).',
      },
    },
    statusRationale:
      'NGINX, HAProxy and ALB answer 400. Ours is 431 (RFC 6585 §5), which tells the client exactly what to shrink; Envoy does the same.',
    related: ['client_request_invalid', 'upstream_headers_too_large'],
  }),
} as const;
