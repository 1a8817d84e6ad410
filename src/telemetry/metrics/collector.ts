// Counts finished exchanges into a MetricsSnapshot: one call per record, a handful of increments.
// Which cause is a connect error and which a TLS error follows ALB's TargetConnectionErrorCount and
// TargetTLSNegotiationErrorCount (docs/metrics.md).
import type { CauseId } from '../../causes/index.ts';
import type { Endpoint, ExchangeRecord } from '../exchange-record.ts';
import { bump, emptyHistogram, emptySnapshot, observeSeconds, type MetricsSnapshot } from './snapshot.ts';

const CONNECT_CAUSES: ReadonlySet<CauseId> = new Set<CauseId>(['upstream_connect_refused', 'upstream_unreachable', 'upstream_connect_timeout', 'upstream_dns_failed', 'upstream_dns_timeout']);
const TLS_CAUSES: ReadonlySet<CauseId> = new Set<CauseId>(['upstream_tls_failed', 'upstream_tls_timeout', 'upstream_tls_certificate_invalid', 'upstream_protocol_mismatch']);

export function statusClass(status: number | null): string {
  if (status === null) return 'none';
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'none';
}

export function targetLabel(endpoint: Endpoint): string {
  return endpoint.address.includes(':') ? `[${endpoint.address}]:${endpoint.port}` : `${endpoint.address}:${endpoint.port}`;
}

export interface MetricsCollector {
  readonly snapshot: MetricsSnapshot;
  observe(record: ExchangeRecord): void;
}

export function createMetricsCollector(): MetricsCollector {
  const s = emptySnapshot();
  const labels = new WeakMap<Endpoint, string>();
  const labelOf = (e: Endpoint) => {
    let l = labels.get(e);
    if (l === undefined) labels.set(e, (l = targetLabel(e)));
    return l;
  };
  return {
    snapshot: s,
    observe(r) {
      s.requests += 1;
      const origin = r.origin ?? 'none';
      bump(s.responses, `${statusClass(r.status)}|${origin}`);
      if (r.cause !== null && r.origin !== 'target') bump(s.gatewayErrors, `${r.cause}|${r.status === null || r.origin === null ? 'none' : r.status}`);
      if (r.recovered !== null) bump(s.recovered, r.recovered);
      const pool = r.pool ?? '-';
      const attempts = r.attempts;
      if (attempts.length > 1) s.upstream.retries += attempts.length - 1;
      for (let i = 0; i < attempts.length; i++) {
        const a = attempts[i]!;
        const cause = a.cause;
        if (cause === null) {
          if (a.status !== null) {
            const key = `${pool}|${labelOf(a.target)}`;
            bump(s.targetResponses, `${key}|${statusClass(a.status)}`);
            if (a.headersMs !== null) observeSeconds((s.responseTime[key] ??= emptyHistogram()), a.headersMs / 1000);
          }
          continue;
        }
        if (CONNECT_CAUSES.has(cause)) bump(s.targetConnectErrors, `${pool}|${labelOf(a.target)}|${cause}`);
        else if (TLS_CAUSES.has(cause)) bump(s.targetTlsErrors, `${pool}|${labelOf(a.target)}|${cause}`);
      }
    },
  };
}
