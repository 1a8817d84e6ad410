// NGINX says why in its error log (ngx_http_upstream.c, ngx_event_connect.c, ngx_http_proxy_module.c
// messages). Matched by the message text NGINX has used for years; the errno in parentheses
// separates refused (111) from unreachable (113/101).
import type { CauseId } from '../../causes/index.ts';
import { defineRule, sure, weigh, type Verdict } from './verdict.ts';

const TABLE: readonly (readonly [RegExp, CauseId])[] = [
  [/no live upstreams/, 'no_healthy_upstream'],
  [/could not be resolved \(110: Operation timed out\)/, 'upstream_dns_timeout'],
  [/could not be resolved|host not found in upstream|no resolver defined/, 'upstream_dns_failed'],
  [/\(111: Connection refused\)/, 'upstream_connect_refused'],
  // A unix-socket upstream whose socket file is gone (the app is down): refused, as far as the
  // proxy can tell. Only for connect(): "(2: …)" is also every missing static file's open().
  [/connect\(\) to unix:\S+ failed \(2: No such file or directory\)/, 'upstream_connect_refused'],
  // ECONNRESET from connect() means the handshake completed and the target reset at once (an RST in
  // SYN-SENT would be ECONNREFUSED): whether NGINX sees it while connecting or while reading is timing.
  [/\(104: Connection reset by peer\) while connecting to upstream/, 'upstream_reset_before_response'],
  // EACCES/EPERM: a firewall REJECT or SELinux (httpd_can_network_connect off); EADDRNOTAVAIL: no
  // local address or port to connect from. The gateway's classifier maps the same errnos the same way.
  [/\((113: No route to host|101: Network is unreachable|22: Invalid argument|13: Permission denied|1: Operation not permitted|99: Cannot assign requested address)\) while connecting/, 'upstream_unreachable'],
  [/\((24: Too many open files|23: Too many open files in system)\)|worker_connections are not enough/, 'proxy_overloaded'],
  [/timed out\) while connecting to upstream/, 'upstream_connect_timeout'],
  [/timed out\) while SSL handshaking to upstream/, 'upstream_tls_timeout'],
  [/upstream SSL certificate (verify error|does not match)|certificate verify failed\)? while SSL handshaking/, 'upstream_tls_certificate_invalid'],
  [/wrong version number|packet length too long|unknown protocol|http request\)/, 'upstream_protocol_mismatch'],
  [/SSL_do_handshake\(\) failed|while SSL handshaking to upstream/, 'upstream_tls_failed'],
  [/upstream sent too big header/, 'upstream_headers_too_large'],
  [/upstream sent invalid chunked response/, 'upstream_bad_chunked_body'],
  [/upstream sent (duplicate header line: "(Content-Length|Transfer-Encoding)|"Content-Length" and "Transfer-Encoding"|unknown "Transfer-Encoding"|invalid "Content-Length")|upstream sent more data than specified/, 'upstream_bad_framing'],
  [/upstream sent (invalid|no valid)/, 'upstream_bad_response'],
  [/timed out\) while sending request to upstream/, 'upstream_send_timeout'],
  [/timed out\) while reading response header from upstream/, 'upstream_headers_timeout'],
  [/timed out\) while reading upstream/, 'upstream_body_timeout'],
  [/(prematurely closed connection|\(104: Connection reset by peer\)|SSL_read\(\) failed.*) while reading upstream/, 'upstream_closed_mid_body'],
  // Over TLS the close reads "SSL_read() failed (… unexpected eof while reading)" or a failed SSL_write.
  [/SSL_read\(\) failed.* while reading response header/, 'upstream_closed_before_response'],
  [/SSL_write\(\) failed.* while sending request to upstream/, 'upstream_closed_before_response'],
  [/\(104: Connection reset by peer\) while reading response header/, 'upstream_reset_before_response'],
  [/prematurely closed connection while reading response header/, 'upstream_closed_before_response'],
  [/\((32: Broken pipe|104: Connection reset by peer)\) while sending request to upstream/, 'upstream_closed_before_response'],
  [/client intended to send too large body/, 'client_request_too_large'],
  [/client sent too (long|large)/, 'client_request_headers_too_large'],
  [/client sent/, 'client_request_invalid'],
  [/client timed out/, 'client_request_timeout'],
  [/client prematurely closed connection/, 'client_aborted'],
];

const RACE_PRONE: ReadonlySet<CauseId> = new Set(['upstream_closed_before_response', 'upstream_reset_before_response']);

/** Methods NGINX never retries on another connection (ngx_http_upstream_next: POST, LOCK, PATCH). */
const NOT_RETRIED = new Set(['POST', 'LOCK', 'PATCH']);

/** A TLS alert record is 7 bytes (RFC 8446 §5.1 header + 2-byte alert): what a TLS port answers to plain HTTP. */
const TLS_ALERT_BYTES = 7;

export function causeOfNginxMessage(message: string): CauseId | null {
  for (const [re, cause] of TABLE) if (re.test(message)) return cause;
  return null;
}

export const nginxErrorLogRule = defineRule({
  name: 'nginx-error-log',
  apply(e, ctx): Verdict | null {
    if (e.errorLog === null) return null;
    // One message per failed attempt; the last one that names a cause is what the client got (a
    // [warn] such as "upstream server temporarily disabled" may follow it for the same request).
    const messages = e.errorLog.split(' | ');
    let last = '';
    let cause: CauseId | null = null;
    for (let i = messages.length - 1; i >= 0 && cause === null; i--) {
      last = messages[i] as string;
      cause = causeOfNginxMessage(last);
    }
    if (cause === null) return null;
    const ev = [`error log: ${last}`];
    if (e.targetStatuses.length > 1) ev.push(`$upstream_status ${e.targetStatuses.map((s) => s ?? '-').join(', ')}`);
    if (cause === 'upstream_bad_response' && /no valid HTTP/.test(last) && e.status < 100) {
      // NGINX relayed the bytes as HTTP/0.9 ("009"); 7 of them is one TLS alert record: a TLS port.
      ev.push(`status ${String(e.status).padStart(3, '0')} (relayed as HTTP/0.9), ${e.bytesSent ?? '?'} bytes`);
      if (e.bytesSent === TLS_ALERT_BYTES) return weigh('nginx-error-log', { upstream_protocol_mismatch: 8, upstream_bad_response: 2 }, ev,
        'A TLS port answers plain HTTP with one 7-byte TLS alert; `curl -skv https://<target>/` succeeding confirms the upstream needs https://.');
      return weigh('nginx-error-log', { upstream_bad_response: 8, upstream_protocol_mismatch: 2 }, ev, 'The target answered without an HTTP status line; `curl -sv --raw http://<target>/` shows what it sends.');
    }
    if (!RACE_PRONE.has(cause)) return sure('nginx-error-log', cause, 0.95, ev);
    // A reused keep-alive connection closed by the target looks the same in the error log. NGINX
    // retries a request that failed on a cached connection on a fresh one unless the method is not
    // idempotent (ngx_http_upstream_next): a request that then succeeded was a keep-alive race; a
    // GET that still failed was not (its retry failed too, or the connection was fresh); a POST
    // that failed may well have been one.
    const recovered = e.status < 500 && e.status >= 100 && e.targetStatus !== null;
    if (recovered) return weigh('nginx-error-log', { upstream_keepalive_race: 8, [cause]: 2 }, ev, RACE_HOW);
    const notRetried = e.method !== null && NOT_RETRIED.has(e.method);
    if (!notRetried) return weigh('nginx-error-log', { [cause]: 9, upstream_keepalive_race: 1 }, [...ev, `${e.method ?? 'the'} request would have been retried on a fresh connection had it been a reused one`], RACE_HOW);
    const idle = ctx.prevOk ? 2 : 1;
    ev.push(`${e.method} is not retried by NGINX, so a reused connection closed by the target fails the request`);
    return weigh('nginx-error-log', { upstream_keepalive_race: 3 * idle, [cause]: 2 }, ev, RACE_HOW);
  },
});

export const RACE_HOW =
  'A keep-alive race happens on a reused idle connection just as the target closes it; a crash or worker recycle closes fresh connections too. ' +
  'Compare the target\'s keep-alive timeout with the proxy\'s idle timeout (the target\'s must be longer), and check whether the failures follow idle gaps.';
