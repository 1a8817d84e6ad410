// HAProxy termination state (configuration.txt §8.5): first char who/what ended the session
// (C client, S server, P proxy, R resource, I internal, c/s client/server timeout), second the
// phase (R request, Q queue, C connect, H headers, D data).
import type { CauseId } from '../../causes/index.ts';
import { defineRule, sure, weigh, type Verdict } from './verdict.ts';
import { RACE_HOW } from './nginx-error-log.ts';

const SIMPLE: Readonly<Record<string, CauseId>> = {
  sC: 'upstream_connect_timeout',
  sH: 'upstream_headers_timeout',
  SD: 'upstream_closed_mid_body',
  sD: 'upstream_body_timeout',
  PD: 'upstream_bad_chunked_body',
  sQ: 'upstream_overloaded',
  SQ: 'upstream_overloaded',
  cR: 'client_request_timeout',
  CR: 'client_aborted',
  CQ: 'client_aborted',
  CC: 'client_aborted',
  CH: 'client_aborted',
  CD: 'client_aborted',
  cD: 'client_aborted',
  RC: 'proxy_overloaded',
  RR: 'proxy_overloaded',
  IC: 'proxy_internal_error',
  IH: 'proxy_internal_error',
};

export const haproxyTerminationRule = defineRule({
  name: 'haproxy-termination',
  apply(e, ctx): Verdict | null {
    if (e.termination === null) return null;
    const ts = e.termination.slice(0, 2);
    const ev = [`termination state ${e.termination}`, `status ${e.status}`];
    if (e.times.connect !== null) ev.push(`Tc ${e.times.connect === -1 ? -1 : Math.round(e.times.connect * 1000)} ms`);
    if (e.noServer) ev.push('server <NOSRV>');
    if (ts === 'sD' && e.times.header === -1) {
      // The data phase timed out before any response head (Tr -1): HAProxy was still sending the
      // request body and the server stopped reading it.
      return sure('haproxy-termination', 'upstream_send_timeout', 0.9, [...ev, 'Tr -1: no response head yet, so the request body was still being sent']);
    }
    const simple = SIMPLE[ts];
    if (simple) return sure('haproxy-termination', simple, 0.95, ev);
    switch (ts) {
      case 'SC':
        if (e.noServer) return sure('haproxy-termination', 'no_healthy_upstream', 0.95, ev);
        return weigh('haproxy-termination', { upstream_connect_refused: 8, upstream_unreachable: 1, upstream_tls_failed: 1 }, ev,
          'HAProxy logs SC for any failure to connect (refused, unreachable, TLS handshake). Run `nc -zv <server> <port>` from the proxy host: "Connection refused" confirms it; check the server with `ss -tlnp`.');
      case 'SH': {
        const idle = ctx.prevOk && ctx.gapMs >= 1000;
        return weigh('haproxy-termination', { upstream_closed_before_response: 5, upstream_keepalive_race: idle ? 4 : 2, upstream_reset_before_response: 1 }, ev, RACE_HOW);
      }
      case 'PH':
        return weigh('haproxy-termination', { upstream_bad_response: 6, upstream_headers_too_large: 2, upstream_bad_framing: 2 }, ev,
          'HAProxy rejected the response head (PH). `show errors` on its stats socket prints the offending bytes; `curl -sv --raw` against the target shows the head.');
      case 'PR':
        if (e.status === 413) return sure('haproxy-termination', 'client_request_too_large', 0.9, ev);
        if (e.status === 431 || e.status === 414) return sure('haproxy-termination', 'client_request_headers_too_large', 0.9, ev);
        return sure('haproxy-termination', 'client_request_invalid', 0.9, ev);
      default:
        return null;
    }
  },
});
