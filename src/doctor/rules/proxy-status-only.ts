// NGINX (or any proxy) 5xx with no error-log line joined: the access log's $upstream_* fields
// still say how far it got ($upstream_connect_time "-": never connected; $upstream_header_time
// "-": connected but no response head; status 504: a timeout).
import { defineRule, weigh, type Verdict } from './verdict.ts';
import { RACE_HOW } from './nginx-error-log.ts';

export const proxyStatusOnlyRule = defineRule({
  name: 'proxy-status-only',
  apply(e, ctx): Verdict | null {
    if (e.status < 500 || e.targetStatus !== null || (e.format !== 'nginx' && e.format !== 'haproxy' && e.format !== 'envoy')) return null;
    const ev = [`status ${e.status}, no answer from a target`];
    if (e.target !== null) ev.push(`upstream ${e.targets.join(', ')}`);
    if (e.errorLogChecked && e.errorLog === null && e.status >= 500) {
      // NGINX writes an error-log line for every failure it turns into a 5xx itself; a 5xx with none
      // is the target's own answer relayed (the combined format has no $upstream_status to say so).
      return weigh('proxy-status-only', { upstream_5xx: 17, proxy_internal_error: 3 }, [...ev, 'no NGINX error-log line for this request'],
        'Log $upstream_status and $upstream_header_time to tell a relayed target 5xx from one NGINX made.');
    }
    const howJoin = 'Give the doctor the NGINX error log too (it names the reason); the access log alone only tells how far the request got.';
    if (e.noServer && e.status >= 502) return weigh('proxy-status-only', { no_healthy_upstream: 9, no_upstream_configured: 1 }, ev, howJoin);
    const connected = e.times.connect !== null && e.times.connect >= 0;
    if (e.status === 504) {
      return weigh('proxy-status-only', connected ? { upstream_headers_timeout: 8, upstream_send_timeout: 1, upstream_tls_timeout: 1 } : { upstream_connect_timeout: 6, upstream_headers_timeout: 4 }, ev, howJoin);
    }
    if (e.status === 503) return weigh('proxy-status-only', { upstream_overloaded: 5, no_healthy_upstream: 5 }, ev, howJoin);
    if (e.status === 502) {
      if (e.times.connect === null && e.times.header === null && e.times.response === null) {
        return weigh('proxy-status-only', { upstream_connect_refused: 3, upstream_closed_before_response: 2, upstream_bad_response: 2, upstream_keepalive_race: 1, upstream_5xx: 1 }, ev, howJoin);
      }
      if (!connected) return weigh('proxy-status-only', { upstream_connect_refused: 7, upstream_unreachable: 1, upstream_tls_failed: 2 }, ev, howJoin);
      const idle = ctx.prevOk && ctx.gapMs >= 1000;
      return weigh('proxy-status-only', { upstream_closed_before_response: 4, upstream_bad_response: 3, upstream_keepalive_race: idle ? 4 : 1 }, ev, `${howJoin} ${RACE_HOW}`);
    }
    return weigh('proxy-status-only', { proxy_internal_error: 1 }, ev, howJoin);
  },
});
