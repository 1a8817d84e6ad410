// --via: the same resource through the proxy, compared with the direct answer. A proxy error the
// target did not make is the proxy's path to the target failing; the cause comes from the proxy's
// Proxy-Status header (RFC 9209) or its error page when it names one.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { allCauses, isCauseId, type CauseId } from '../../causes/index.ts';
import type { ProbeFacts, ProbeOptions } from '../context.ts';
import { exchange, type ExchangeResult } from '../net/exchange.ts';
import { openConnection } from '../net/open.ts';
import { pass, problem, skip, type Verdict } from '../result.ts';
import type { ProbeTarget } from '../target.ts';
import { statusLine } from './http.ts';

/** The cause a Proxy-Status field names: `details="<cause id>"` (ours), else the RFC 9209 error type when one cause has it. */
export function causeFromProxyStatus(value: string): { cause: CauseId | null; error: string | null } {
  const details = /details\s*=\s*"?([a-z0-9_]+)"?/.exec(value)?.[1];
  const error = /error\s*=\s*"?([a-z0-9_]+)"?/.exec(value)?.[1] ?? null;
  if (details && isCauseId(details)) return { cause: details, error };
  if (error === null) return { cause: null, error };
  const matching = allCauses().filter((c) => c.proxyStatus === error);
  return { cause: matching.length === 1 ? (matching[0]?.id ?? null) : null, error };
}

/** A cause id written in an error page (gatewise names the cause in every body it makes). */
export function causeFromBody(body: Buffer): CauseId | null {
  for (const match of body.toString('latin1').matchAll(/\b[a-z]+(?:_[a-z0-9]+)+\b/g)) if (isCauseId(match[0])) return match[0];
  return null;
}

function outcomeText(result: ExchangeResult): string {
  switch (result.kind) {
    case 'response':
      return statusLine(result);
    case 'parse-error':
      return `malformed head (${result.error.code})`;
    case 'closed':
      return `${result.reset ? 'reset' : 'closed'} before a response`;
    case 'timeout':
      return 'no response head in time';
  }
}

async function throughProxy(via: ProbeTarget, options: ProbeOptions): Promise<ExchangeResult | string> {
  let address = via.host;
  if (isIP(address) === 0) {
    try {
      address = (await lookup(via.host)).address;
    } catch (error) {
      return `${via.host} does not resolve (${(error as NodeJS.ErrnoException).code})`;
    }
  }
  const opened = await openConnection(via, address, options.ca, options.timeoutMs);
  if (opened.kind === 'failed') return `proxy ${via.authority}: ${opened.text}`;
  const result = await exchange(opened.socket, { method: 'GET', path: via.path, authority: via.authority }, { timeoutMs: options.timeoutMs });
  if (result.kind === 'response') result.idleSocket?.destroy();
  return result;
}

export async function checkVia(options: ProbeOptions, facts: ProbeFacts): Promise<Verdict> {
  const via = options.via;
  if (via === null) return skip('via', 'no --via proxy given');
  const proxied = await throughProxy(via, options);
  const direct = facts.exchange;
  const directText = direct ? outcomeText(direct) : 'no direct answer';
  if (typeof proxied === 'string') {
    return problem('via', 'fail', 'the proxy did not answer', {
      evidence: [`direct: ${directText}`, `via ${via.url.href}: ${proxied}`],
      cause: null,
      fix: 'The proxy itself is unreachable: probe it directly (gatewise probe PROXY_URL).',
    });
  }
  const evidence = [`direct: ${directText}`, `via ${via.url.href}: ${outcomeText(proxied)}`];
  if (proxied.kind !== 'response') {
    return problem('via', 'fail', `the proxy sent no valid response (${outcomeText(proxied)})`, {
      evidence,
      cause: null,
      fix: 'The proxy closed or broke the exchange: read its error log for this request.',
    });
  }
  const status = proxied.head.status;
  const proxyStatus = proxied.head.headers.find(([name]) => name.toLowerCase() === 'proxy-status')?.[1];
  const named = proxyStatus ? causeFromProxyStatus(proxyStatus) : { cause: null, error: null };
  const fromProxy = named.cause ?? causeFromBody(proxied.bodyStart);
  // A proxy that names no cause (NGINX, HAProxy): the direct checks' finding is the likely one.
  const cause = fromProxy ?? (status >= 500 ? facts.directCause : null);
  if (proxyStatus) evidence.push(`Proxy-Status: ${proxyStatus}`);
  const directStatus = direct?.kind === 'response' ? direct.head.status : null;
  if (status < 500) {
    if (directStatus !== null && directStatus !== status) evidence.push(`statuses differ: the proxy rewrites or routes elsewhere`);
    return pass('via', `the proxy answered ${status}${directStatus !== null ? `, direct ${directStatus}` : ''}`, evidence);
  }
  if (directStatus === status && !proxyStatus) {
    return problem('via', 'fail', `both answered ${status}: the target's own error, passed through`, {
      evidence,
      cause: 'upstream_5xx',
      fix: 'Read the target\'s logs: the proxy only relays this status.',
    });
  }
  return problem('via', 'fail', `the proxy answered ${status}${directStatus !== null ? ` while the target answered ${directStatus} directly` : ''}${cause ? `: ${cause}` : ''}`, {
    evidence: [
      ...evidence,
      fromProxy
        ? `cause named by the proxy: ${fromProxy}`
        : cause
          ? `the proxy names no cause; the direct checks found ${cause}, the likely reason for its ${status}`
          : 'the proxy names no cause and the direct checks found none: compare its error log with the checks above',
    ],
    cause,
    fix: cause
      ? `See the direct checks and the fix for ${cause} (gatewise causes ${cause}).`
      : 'The proxy fails where a direct request works: check the upstream address and port in its config (gatewise check), its timeouts against the keep-alive check, and its error log (gatewise doctor).',
  });
}
