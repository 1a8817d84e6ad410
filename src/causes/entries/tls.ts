// Causes of the TLS phase: the handshake with the target failed, stalled or spoke the wrong protocol.
// Checked against NGINX 1.22.1 / OpenSSL 3 and HAProxy 2.6 (a TLS handshake to a plain port, a
// self-signed certificate with verification on, plain HTTP to a TLS port); ALB facts from the AWS
// troubleshooting guide ("SSL handshake error or SSL handshake timeout (10 seconds)"; ALB does not
// validate target certificates); Envoy reply texts as logged by Envoy deployments.
import { defineCause } from '../define.ts';

const HAPROXY_HANDSHAKE_NOTE =
  'HAProxy counts the TLS handshake as part of establishing the server connection, so a failed handshake is logged like a failed connect (after `retries`), and one that stalls strikes `timeout connect` (sC).';

export const tlsCauses = {
  upstream_tls_failed: defineCause({
    id: 'upstream_tls_failed',
    title: 'The TLS handshake with the target failed',
    outcome: { kind: 'respond', status: 502 },
    phases: ['tls'],
    culprits: ['config'],
    proxyStatus: 'tls_protocol_error',
    explanation:
      'TCP connected, then the TLS handshake ended with an alert or a local error before any HTTP was exchanged. The ' +
      'two sides could not agree. Typical reasons: no common protocol version (the target only speaks TLS 1.0/1.1, ' +
      'which OpenSSL 3 and Node refuse by default); no common cipher suite; the target requires a client certificate ' +
      '(mutual TLS) and the gateway sent none or the wrong one; the target needs SNI to pick its certificate and the ' +
      'gateway sent none or another name; ALPN disagreement (a target that only accepts h2).',
    evidence: [
      'a TLS alert from the target: 40 handshake_failure, 70 protocol_version, 112 unrecognized_name, 116 certificate_required',
      'an OpenSSL reason such as `sslv3 alert handshake failure`, `unsupported protocol` or `no protocols available` (Node: ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE, ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION)',
      'the TCP connection was established; no HTTP byte was sent',
    ],
    remedies: [
      {
        action: 'Repeat the handshake by hand with the same name the gateway sends, one protocol version at a time',
        command:
          'openssl s_client -connect 10.0.2.15:443 -servername backend.example.com -tls1_2 </dev/null; openssl s_client -connect 10.0.2.15:443 -servername backend.example.com -tls1_3 </dev/null',
      },
      {
        action: 'If the target asks for a client certificate (`Acceptable client certificate CA names` in the output), try with one',
        command: 'openssl s_client -connect 10.0.2.15:443 -servername backend.example.com -cert client.pem -key client.key </dev/null',
      },
      {
        action: 'Send SNI and, for mutual TLS, the client certificate from the gateway',
        config: 'pools:\n  app:\n    tls:\n      server_name: backend.example.com\n      cert: client.pem\n      key: client.key',
      },
      {
        action: 'In NGINX the same settings are off by default: no SNI is sent to upstreams unless asked',
        config: 'proxy_ssl_server_name on;\nproxy_ssl_name backend.example.com;\nproxy_ssl_protocols TLSv1.2 TLSv1.3;\nproxy_ssl_certificate client.pem;\nproxy_ssl_certificate_key client.key;',
      },
    ],
    peers: {
      alb: {
        seen: true,
        elbStatus: '502',
        targetStatus: '-',
        processingTimes: '-1 -1 -1',
        metrics: ['HTTPCode_ELB_502_Count', 'TargetTLSNegotiationErrorCount'],
        note: 'AWS: "The load balancer encountered an SSL handshake error … when connecting to a target."',
      },
      nginx: {
        seen: true,
        status: '502',
        errorLog:
          'SSL_do_handshake() failed (SSL: error:0A000410:SSL routines::sslv3 alert handshake failure:SSL alert number 40) while SSL handshaking to upstream',
        note: 'The OpenSSL reason inside the parentheses names the failure; the codes shown are OpenSSL 3 (Debian 12). OpenSSL 1.1 prints `error:14094410:SSL routines:ssl3_read_bytes:…`.',
      },
      haproxy: { seen: true, termination: 'SC', status: '503', note: HAPROXY_HANDSHAKE_NOTE },
      envoy: {
        seen: true,
        flags: 'UF',
        note: 'The local reply reads "upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: TLS_error:…" with the BoringSSL reason; `%UPSTREAM_TRANSPORT_FAILURE_REASON%` logs it.',
      },
    },
    statusRationale:
      'HAProxy and Envoy answer 503. Ours is 502, like ALB and NGINX: the target answered the handshake with a refusal — a bad answer after a connection attempt (RFC 9209 §2.3.13 tls_protocol_error).',
    related: ['upstream_tls_certificate_invalid', 'upstream_protocol_mismatch'],
  }),
  upstream_tls_timeout: defineCause({
    id: 'upstream_tls_timeout',
    title: 'The TLS handshake with the target timed out',
    outcome: { kind: 'respond', status: 504 },
    phases: ['tls'],
    culprits: ['target'],
    proxyStatus: 'connection_timeout',
    explanation:
      'TCP connected and the gateway sent its ClientHello, but the handshake did not finish before the TLS timeout. ' +
      'Typical reasons: the port actually serves plain HTTP and waits for a request line (a ClientHello is not one, so ' +
      'it waits until its own timeout); the target\'s TLS terminator is CPU-starved (RSA handshakes under a connection ' +
      'storm); a middlebox or MTU black hole drops the larger packets of the handshake (big certificate chains, large ' +
      'ClientHellos with post-quantum key shares).',
    evidence: [
      'TCP handshake done, ClientHello sent, no ServerHello (or no Finished) before the timer fired',
      '`openssl s_client` prints CONNECTED and then hangs',
      'a capture shows the target\'s ACK of the ClientHello and then nothing, or retransmissions of a full-size segment',
    ],
    remedies: [
      {
        action: 'Time the handshake alone from the gateway host',
        command: 'timeout 15 openssl s_client -connect 10.0.2.15:443 -servername backend.example.com -brief </dev/null',
      },
      {
        action: 'Check whether the port speaks plain HTTP instead (an answer here means the pool URL should be http://)',
        command: 'curl -sv --max-time 5 -o /dev/null http://10.0.2.15:443/',
      },
      {
        action: 'Test for a path-MTU black hole: full-size packets with Don\'t Fragment set must get through',
        command: 'ping -c 3 -M do -s 1472 10.0.2.15',
      },
      {
        action: 'Give a slow handshake more time only once the cause is known',
        config: 'pools:\n  app:\n    timeouts:\n      tls: 10s',
      },
    ],
    peers: {
      alb: {
        seen: true,
        elbStatus: '502',
        targetStatus: '-',
        processingTimes: '-1 -1 -1',
        metrics: ['HTTPCode_ELB_502_Count', 'TargetTLSNegotiationErrorCount'],
        note: 'AWS: "SSL handshake timeout (10 seconds)" is one of the documented 502 reasons.',
      },
      nginx: {
        seen: true,
        status: '504',
        errorLog: 'upstream timed out (110: Connection timed out) while SSL handshaking to upstream',
        note: 'The handshake is bounded by proxy_connect_timeout (default 60s).',
      },
      haproxy: { seen: true, termination: 'sC', status: '503', note: HAPROXY_HANDSHAKE_NOTE },
      envoy: {
        seen: true,
        flags: 'UF',
        details: 'upstream_reset_before_response_started{connection_timeout}',
        note: 'The handshake counts against the cluster `connect_timeout` (default 5 s).',
      },
    },
    statusRationale:
      'ALB answers 502, HAProxy and Envoy 503, NGINX 504. Ours is 504, like NGINX: the gateway waited for the target and got no timely answer (RFC 9110 §15.6.5). The Proxy-Status type is connection_timeout because RFC 9209 has no TLS-specific timeout and the handshake is part of establishing the connection.',
    related: ['upstream_connect_timeout', 'upstream_protocol_mismatch'],
  }),
  upstream_tls_certificate_invalid: defineCause({
    id: 'upstream_tls_certificate_invalid',
    title: "The target's TLS certificate was rejected",
    outcome: { kind: 'respond', status: 502 },
    phases: ['tls'],
    culprits: ['config'],
    proxyStatus: 'tls_certificate_error',
    explanation:
      'The handshake reached the certificate and the gateway refused it. Typical reasons: the certificate expired (or ' +
      'is not yet valid because a clock is wrong); it is self-signed or issued by a private CA the gateway does not ' +
      'trust; the target sends only its leaf and not the intermediate (browsers fetch the missing intermediate, ' +
      'proxies do not); the name does not match — the gateway connects by IP or by an internal name while the ' +
      'certificate only lists the public one.',
    evidence: [
      'an X.509 verify result: 10 certificate has expired, 18 self-signed certificate, 19 self-signed certificate in certificate chain, 20 unable to get local issuer certificate, 21 unable to verify the first certificate, 62 hostname mismatch',
      'Node codes: CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, SELF_SIGNED_CERT_IN_CHAIN, UNABLE_TO_GET_ISSUER_CERT_LOCALLY, UNABLE_TO_VERIFY_LEAF_SIGNATURE, ERR_TLS_CERT_ALTNAME_INVALID',
      'the gateway sends a TLS alert (42 bad_certificate, 45 certificate_expired, 48 unknown_ca) and closes',
    ],
    remedies: [
      {
        action: 'Show the chain the target sends, its names and dates',
        command:
          'openssl s_client -connect 10.0.2.15:443 -servername backend.example.com -showcerts </dev/null 2>/dev/null | openssl x509 -noout -subject -issuer -dates -ext subjectAltName',
      },
      {
        action: 'Verify it the way the gateway does, against the CA bundle you configured',
        command: 'openssl s_client -connect 10.0.2.15:443 -servername backend.example.com -verify_return_error -CAfile internal-ca.pem </dev/null',
      },
      {
        action: 'Trust the private CA and verify the name the certificate really carries',
        config: 'pools:\n  app:\n    tls:\n      ca: internal-ca.pem\n      server_name: backend.internal.example.com',
      },
      {
        action: 'On the target, serve the full chain (leaf + intermediates), e.g. NGINX',
        config: 'ssl_certificate /etc/ssl/backend/fullchain.pem;',
      },
    ],
    peers: {
      alb: {
        seen: false,
        why: 'ALB does not validate target certificates: it accepts self-signed and expired ones, so this never fails there (which is also why it appears only after moving behind a verifying proxy)',
      },
      nginx: {
        seen: true,
        status: '502',
        errorLog: 'upstream SSL certificate verify error: (18:self-signed certificate) while SSL handshaking to upstream',
        note: 'Only with `proxy_ssl_verify on` (the default is off). A name mismatch reads `upstream SSL certificate does not match "backend.example.com" while SSL handshaking to upstream`; an expired one `(10:certificate has expired)`.',
      },
      haproxy: {
        seen: true,
        termination: 'SC',
        status: '503',
        note: `Only with \`verify required\` on the server line. ${HAPROXY_HANDSHAKE_NOTE}`,
      },
      envoy: {
        seen: true,
        flags: 'UF',
        note: 'The local reply reads "upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: TLS_error:|268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:TLS_error_end".',
      },
    },
    statusRationale:
      'HAProxy and Envoy answer 503, NGINX 502. Ours is 502: the target presented something the gateway must refuse — a bad answer after a connection attempt (RFC 9209 §2.3.14 tls_certificate_error).',
    related: ['upstream_tls_failed'],
  }),
  upstream_protocol_mismatch: defineCause({
    id: 'upstream_protocol_mismatch',
    title: 'Plain HTTP and TLS were mixed up between gateway and target',
    outcome: { kind: 'respond', status: 502 },
    phases: ['tls', 'headers'],
    culprits: ['config'],
    proxyStatus: 'http_protocol_error',
    explanation:
      'One side speaks TLS and the other plain HTTP. Either the pool says https:// for a port that serves plain HTTP — ' +
      'the target reads the ClientHello as a garbage request and answers "400 Bad Request" in clear text or closes, ' +
      'and the TLS client reports "wrong version number" — or the pool says http:// for a TLS port — the target reads ' +
      '"GET / HTTP/1.1" as a broken ClientHello and answers with a TLS alert or closes, so the gateway gets bytes that ' +
      'are not HTTP or no response at all. Typical reasons: a port mix-up (8443 vs 8080), a target that moved to TLS ' +
      'behind the proxy\'s back, an ALB target group protocol (HTTP/HTTPS) that does not match the app.',
    evidence: [
      'TLS client side: OpenSSL `wrong version number` (0A00010B) — the first bytes received were `HTTP/1.1 400` instead of a TLS record',
      'plain side: the response begins with 0x15 0x03 (a TLS alert record) or 0x16 0x03 instead of `HTTP/`, or the target closes without answering',
      'the same target answers when the other scheme is used',
    ],
    remedies: [
      {
        action: 'Ask the port in both protocols; the one that answers is what it speaks',
        command: 'curl -sv --max-time 5 -o /dev/null http://10.0.2.15:8443/; curl -skv --max-time 5 -o /dev/null https://10.0.2.15:8443/',
      },
      {
        action: 'A TLS port completes a handshake here; a plain one makes OpenSSL print "wrong version number"',
        command: 'openssl s_client -connect 10.0.2.15:8443 -brief </dev/null',
      },
      {
        action: 'Use the scheme the target really speaks in the pool URL',
        config: 'pools:\n  app:\n    targets:\n      - url: https://10.0.2.15:8443',
      },
      {
        action: 'NGINX: the scheme is in proxy_pass; HAProxy: the `ssl` keyword on the server line',
        config: 'proxy_pass https://backend;            # NGINX\nserver s1 10.0.2.15:8443 ssl verify required ca-file /etc/haproxy/ca.pem   # HAProxy',
      },
    ],
    peers: {
      alb: {
        seen: true,
        elbStatus: '502',
        targetStatus: '-',
        metrics: ['HTTPCode_ELB_502_Count', 'TargetTLSNegotiationErrorCount'],
        note: 'An HTTPS target group in front of a plain port fails the handshake (TargetTLSNegotiationErrorCount); an HTTP target group in front of a TLS port gets an unreadable response (502 only).',
      },
      nginx: {
        seen: true,
        status: '502',
        errorLog:
          'SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream',
        note: 'That is TLS to a plain port. Plain HTTP to a TLS port logs `upstream prematurely closed connection while reading response header from upstream` when the target just closes (observed with NGINX 1.22.1), or `upstream sent no valid HTTP/1.0 header` when it answers with an alert.',
      },
      haproxy: {
        seen: true,
        termination: 'SH',
        status: '502',
        note: 'That is plain HTTP to a TLS port (observed with HAProxy 2.6). TLS to a plain port is logged as SC with 503, since the handshake is part of the connection.',
      },
      envoy: {
        seen: true,
        flags: 'UF',
        note: 'TLS to a plain port: the transport failure reason names WRONG_VERSION_NUMBER. Plain HTTP to a TLS port reads as a protocol error (UPE) or a closed connection (UC).',
      },
    },
    statusRationale:
      'HAProxy answers 503 when the handshake fails and 502 when the reply is unreadable. Ours is always 502: either way the target\'s answer could not be understood (RFC 9209 §2.3.28 http_protocol_error), and the fix — the scheme in the config — is the same.',
    related: ['upstream_tls_failed', 'upstream_bad_response', 'upstream_tls_timeout'],
  }),
} as const;
