// Envoy response flags (access log docs, "%RESPONSE_FLAGS%"; stream_info/utility.h).
import type { CauseId } from '../../causes/index.ts';
import { defineRule, sure, weigh, type Verdict } from './verdict.ts';
import { RACE_HOW } from './nginx-error-log.ts';

const FLAGS: Readonly<Record<string, CauseId>> = {
  UH: 'no_healthy_upstream',
  NR: 'no_upstream_configured',
  UO: 'upstream_overloaded',
  UT: 'upstream_headers_timeout',
  UMSDR: 'upstream_headers_timeout',
  UR: 'upstream_reset_before_response',
  UPE: 'upstream_bad_response',
  DF: 'upstream_dns_failed',
  DC: 'client_aborted',
  DPE: 'client_request_invalid',
  IH: 'client_request_invalid',
  RL: 'proxy_overloaded',
  OM: 'proxy_overloaded',
  SI: 'upstream_body_timeout',
};

export const envoyFlagsRule = defineRule({
  name: 'envoy-flags',
  apply(e): Verdict | null {
    if (e.flags === null) return null;
    const flags = e.flags.split(',');
    const ev = [`response flags ${e.flags}`, `status ${e.status}`];
    for (const f of flags) {
      const c = FLAGS[f];
      if (c) return sure('envoy-flags', c, 0.9, ev);
      if (f === 'UF') {
        return weigh('envoy-flags', { upstream_connect_refused: 6, upstream_connect_timeout: 2, upstream_unreachable: 1, upstream_tls_failed: 1 }, ev,
          'UF is any upstream connection failure; %RESPONSE_CODE_DETAILS% and %UPSTREAM_TRANSPORT_FAILURE_REASON% in a custom format name it.');
      }
      if (f === 'UC') return weigh('envoy-flags', { upstream_closed_before_response: 5, upstream_keepalive_race: 4, upstream_reset_before_response: 1 }, ev, RACE_HOW);
    }
    return null;
  },
});
