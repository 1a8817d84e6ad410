// Which lab faults a proxy's logs can show: the doctor's coverage map says whether a log family
// can show the fault's cause at all, and BLIND lists faults the proxy itself hides (it accepts the
// bad response, or recovers, or writes no log line), each with the reason seen in its real output.
import type { CauseId } from '../../../src/causes/index.ts';
import { DOCTOR_COVERAGE } from '../../../src/doctor/index.ts';
import type { LogFamily } from '../../../src/doctor/rules/coverage.ts';

export const BLIND: Readonly<Record<'nginx' | 'haproxy', Readonly<Record<string, string>>>> = {
  nginx: {
    'cl-and-te': 'NGINX 1.22 accepts Content-Length with Transfer-Encoding (uses chunked) and answers 200',
    'invalid-content-length': 'NGINX 1.22 relays the response and answers 200 without an error line',
    'unknown-transfer-encoding': 'NGINX 1.22 relays the response and answers 200 without an error line',
    'duplicate-content-length': 'NGINX 1.22 takes one Content-Length and then reports "prematurely closed connection while reading upstream" (a mid-body close)',
    'short-keepalive': 'NGINX notices the target closing an idle cached connection and opens a new one: the client gets 200',
    'short-keepalive-hinted': 'NGINX notices the target closing an idle cached connection and opens a new one: the client gets 200',
  },
  haproxy: {
    'cl-and-te': 'HAProxy drops Content-Length when Transfer-Encoding is present (RFC 9112 §6.3) and answers 200',
    'header-nul-in-value': 'HAProxy 2.6 relays the header and answers 200',
    'header-obs-fold': 'HAProxy unfolds obs-fold and answers 200',
    'short-keepalive': 'HAProxy notices the target closing an idle connection and opens a new one: the client gets 200',
    'short-keepalive-hinted': 'HAProxy notices the target closing an idle connection and opens a new one: the client gets 200',
    'keepalive-race': 'HAProxy closes the client connection without a response and writes no log line, so the client can retry',
    'no-read':
      'HAProxy has one `timeout server` for sending the request and for awaiting the response: it logs sD while it is blocked sending the body, ' +
      'but sH when the kernel buffers had taken everything the client had sent so far, which depends on timing (seen in CI under load: 1 of 3 sH)',
  },
};

export type Observability = { readonly observable: true } | { readonly observable: false; readonly why: string };

export function observability(proxy: 'nginx' | 'haproxy', faultId: string, expect: CauseId): Observability {
  // What the proxy did with the fault (seen in its real output) comes first, then what its log can show.
  const blind = BLIND[proxy][faultId];
  if (blind) return { observable: false, why: blind };
  const family: LogFamily = proxy;
  const view = DOCTOR_COVERAGE[expect];
  if ('covered' in view && view.covered === false) return { observable: false, why: view.why };
  const v = (view as Record<LogFamily, { seen: boolean; why?: string }>)[family];
  if (!v.seen) return { observable: false, why: `the ${proxy} log cannot show ${expect}: ${v.why ?? ''}` };
  return { observable: true };
}
