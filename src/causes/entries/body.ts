// Causes of the body phase: the response head was already forwarded, so the status cannot change; the
// only honest move is to abort the client connection so the client sees an incomplete response
// instead of a short one that looks complete. Observed with NGINX 1.22.1 and HAProxy 2.6 (truncated
// Content-Length body, invalid chunk size, stalled body); HAProxy configuration.txt §8.5 (SD, sD, PD).
import { defineCause } from '../define.ts';

const ABORT_EVIDENCE_CLIENT =
  'the client sees the connection end early: curl prints `curl: (18) transfer closed with N bytes remaining to read`';

export const bodyCauses = {
  upstream_closed_mid_body: defineCause({
    id: 'upstream_closed_mid_body',
    title: 'The target closed the connection in the middle of the response body',
    outcome: { kind: 'abort' },
    phases: ['body'],
    culprits: ['target'],
    proxyStatus: 'http_response_incomplete',
    explanation:
      'The target sent a good head, then closed (FIN or RST) before the body was complete: fewer bytes than its ' +
      'Content-Length, or a chunked body without the final zero-size chunk. The status was already forwarded, so the ' +
      'gateway aborts the client connection; passing the short body on as if complete would let clients and caches ' +
      'store a truncated file. Typical reasons: the app crashed or was OOM-killed while streaming (large exports, ' +
      'downloads); a worker timeout killed it mid-response (gunicorn --timeout 30 by default, PHP max_execution_time); ' +
      'the app computed Content-Length from the uncompressed size; an idle timeout on a middlebox cut a slow stream.',
    evidence: [
      'bytes of body received < Content-Length, or no `0\\r\\n\\r\\n` chunk, then EOF or ECONNRESET',
      ABORT_EVIDENCE_CLIENT,
      'on the target host: a crash, OOM kill or worker timeout (`[CRITICAL] WORKER TIMEOUT` in gunicorn) at that time',
    ],
    remedies: [
      {
        action: 'Fetch the resource directly from the target and check that it arrives whole',
        command: 'curl -sS -o /dev/null -w "%{http_code} %{size_download}\\n" http://10.0.2.15:8080/export.csv',
      },
      {
        action: 'Look for OOM kills and worker timeouts on the target',
        command: "journalctl -k --since '-1h' | grep -iE 'out of memory|killed process'; journalctl -u app.service --since '-1h' | grep -i 'worker timeout'",
      },
      {
        action: 'Give long responses the time they need in the app server (gunicorn)',
        config: 'gunicorn --timeout 120 …',
      },
    ],
    peers: {
      alb: {
        seen: false,
        why: 'AWS documents a 502 for a target that closes "while the load balancer had an outstanding request", but nothing for a close after the head was forwarded; only a sent_bytes smaller than the expected size hints at the cut, and no metric counts it',
      },
      nginx: {
        seen: true,
        status: 'as already sent (e.g. 200)',
        errorLog: 'upstream prematurely closed connection while reading upstream',
      },
      haproxy: {
        seen: true,
        termination: 'SD',
        status: 'as already sent (e.g. 200)',
        note: '§8.5: "The connection to the server died with an error during the data transfer."',
      },
      envoy: {
        seen: true,
        flags: 'UC',
        details: 'upstream_reset_after_response_started{connection_termination}',
      },
    },
    related: ['upstream_body_timeout', 'upstream_bad_chunked_body', 'upstream_draining_expired'],
  }),
  upstream_bad_chunked_body: defineCause({
    id: 'upstream_bad_chunked_body',
    title: 'The target sent an invalid chunked body',
    outcome: { kind: 'abort' },
    phases: ['body'],
    culprits: ['target'],
    proxyStatus: 'http_response_transfer_coding',
    explanation:
      'The head said `Transfer-Encoding: chunked` and the body broke the chunked syntax of RFC 9112 §7.1: a chunk ' +
      'size that is not hexadecimal or too large, chunk data longer or shorter than its size, a missing CRLF after ' +
      'the data, bytes after the last chunk. The head was already forwarded, so the gateway aborts the client ' +
      'connection. Typical reasons: app code that writes raw bytes to the socket after the framework declared ' +
      'chunked; code that does its own chunking on top of the server\'s (the client then sees chunk sizes in the ' +
      'content); a response re-framed badly by an inner proxy.',
    evidence: [
      'the chunked parser error and the offset in the body, with the bytes found where a chunk size was expected',
      ABORT_EVIDENCE_CLIENT,
    ],
    remedies: [
      {
        action: 'Look at the raw chunked stream: sizes in hex, each followed by CRLF, then the data, then CRLF',
        command: 'curl -s --raw http://10.0.2.15:8080/path | head -c 400 | od -c | head -20',
      },
      { action: 'Or let the probe check the framing', command: 'gatewise probe http://10.0.2.15:8080/path' },
      {
        action: 'Let the server do the chunking: write body data through the framework, never to the raw socket (Node)',
        config: 'res.write(chunk); // not res.socket.write(…)',
      },
    ],
    peers: {
      alb: {
        seen: false,
        why: 'AWS documents nothing for an invalid chunked body after the head was forwarded; the access log keeps the target\'s status and no metric names it',
      },
      nginx: {
        seen: true,
        status: 'as already sent (e.g. 200)',
        errorLog: 'upstream sent invalid chunked response while reading upstream',
      },
      haproxy: {
        seen: true,
        termination: 'PD',
        status: 'as already sent (e.g. 200)',
        note: 'When the bad chunk arrives together with the head, before anything was forwarded, HAProxy 2.6 answers 502 with PH instead (observed).',
      },
      envoy: {
        seen: true,
        flags: 'UPE',
        details: 'upstream_reset_after_response_started{protocol_error}',
      },
    },
    related: ['upstream_bad_framing', 'upstream_closed_mid_body'],
  }),
  upstream_body_timeout: defineCause({
    id: 'upstream_body_timeout',
    title: 'The target stopped sending the response body',
    outcome: { kind: 'abort' },
    phases: ['body'],
    culprits: ['target'],
    proxyStatus: 'connection_read_timeout',
    explanation:
      'The head and part of the body arrived, then nothing for longer than the body idle timeout. The status was ' +
      'already forwarded, so the gateway aborts the client connection. Typical reasons: the app produces a large ' +
      'response slowly (a report streamed row by row behind a slow query); Server-Sent Events or long polling ' +
      'without heartbeats, so a quiet stream looks dead; the target blocked mid-stream on a lock or another service; ' +
      'a network path that stalled.',
    evidence: [
      'the last body byte arrived at t and nothing more until t + the body idle timeout; bytes received < Content-Length (or no last chunk)',
      ABORT_EVIDENCE_CLIENT,
    ],
    remedies: [
      {
        action: 'Watch the stream directly from the target, unbuffered, and see where it pauses',
        command: 'curl -sN http://10.0.2.15:8080/stream | while IFS= read -r line; do printf "%s %s\\n" "$(date +%T)" "${line:0:60}"; done',
      },
      {
        action: 'For event streams, send a comment line as a heartbeat well inside every proxy\'s idle timeout',
        config: "setInterval(() => res.write(': ping\\n\\n'), 15_000);",
      },
      {
        action: 'Raise the body idle timeout only for streaming routes (Gatewise; NGINX also needs buffering off for them)',
        config: 'pools:\n  events:\n    timeouts:\n      body_idle: 300s\n# NGINX: location /events { proxy_read_timeout 300s; proxy_buffering off; }',
      },
    ],
    peers: {
      alb: {
        seen: true,
        elbStatus: '504',
        targetStatus: 'the target\'s status',
        metrics: ['HTTPCode_ELB_504_Count'],
        note: 'AWS lists under 504: "The target returns a content-length header that is larger than the entity body. The load balancer timed out waiting for the missing bytes." The wait is the idle timeout (60 s by default).',
      },
      nginx: {
        seen: true,
        status: 'as already sent (e.g. 200)',
        errorLog: 'upstream timed out (110: Connection timed out) while reading upstream',
      },
      haproxy: {
        seen: true,
        termination: 'sD',
        status: 'as already sent (e.g. 200)',
        note: '§8.5: "The server did not send nor acknowledge any data for as long as the timeout server setting during the data phase."',
      },
      envoy: {
        seen: true,
        flags: 'UT',
        details: 'upstream_response_timeout',
        note: 'The route timeout (default 15 s) covers the whole response, body included, so it cuts long streams unless set to 0; a stream that goes quiet for `stream_idle_timeout` (default 5 min) is logged with SI (`stream_idle_timeout`) instead.',
      },
    },
    related: ['upstream_headers_timeout', 'upstream_closed_mid_body'],
  }),
} as const;
