// Counts finished exchanges for /metrics. One call per finished request on the gateway's hot path,
// so it allocates nothing there: per-class counters live in fixed arrays, per-target counters in a
// small object found by the attempt's endpoint (the same object every time), and the
// MetricsSnapshot's string-keyed maps are only built when someone reads them (a scrape, the
// dashboard's second tick, a worker's report). Which cause is a connect error and which a TLS error
// follows ALB's TargetConnectionErrorCount and TargetTLSNegotiationErrorCount (docs/metrics.md).
import type { CauseId } from '../../causes/index.ts';
import type { Endpoint, ExchangeRecord } from '../exchange-record.ts';
import { bump, emptyHistogram, emptySnapshot, observeSeconds, type HistogramData, type MetricsSnapshot } from './snapshot.ts';

const CONNECT_CAUSES: ReadonlySet<CauseId> = new Set<CauseId>(['upstream_connect_refused', 'upstream_unreachable', 'upstream_connect_timeout', 'upstream_dns_failed', 'upstream_dns_timeout']);
const TLS_CAUSES: ReadonlySet<CauseId> = new Set<CauseId>(['upstream_tls_failed', 'upstream_tls_timeout', 'upstream_tls_certificate_invalid', 'upstream_protocol_mismatch']);

const CLASSES = ['none', '1xx', '2xx', '3xx', '4xx', '5xx'] as const;
const ORIGINS = ['target', 'gateway', 'none'] as const;

function classIndex(status: number | null): number {
  return status === null || status < 100 || status >= 600 ? 0 : Math.floor(status / 100);
}

export function statusClass(status: number | null): string {
  return CLASSES[classIndex(status)]!;
}

export function targetLabel(endpoint: Endpoint): string {
  return endpoint.address.includes(':') ? `[${endpoint.address}]:${endpoint.port}` : `${endpoint.address}:${endpoint.port}`;
}

interface TargetCounters {
  readonly key: string; // `pool|target`
  readonly classes: number[];
  readonly time: HistogramData;
}

export interface MetricsCollector {
  /** The counters as a snapshot (built on each call; the caller may add process-level fields). */
  readonly snapshot: MetricsSnapshot;
  observe(record: ExchangeRecord): void;
  /** Build the per-request counters into `snapshot` and return it. */
  collect(): MetricsSnapshot;
}

export function createMetricsCollector(): MetricsCollector {
  const s = emptySnapshot();
  let requests = 0;
  let retries = 0;
  const responses = new Array<number>(CLASSES.length * ORIGINS.length).fill(0);
  const perTarget = new WeakMap<Endpoint, Map<string, TargetCounters>>();
  const all: TargetCounters[] = [];
  const labels = new WeakMap<Endpoint, string>();
  const labelOf = (e: Endpoint) => {
    let l = labels.get(e);
    if (l === undefined) labels.set(e, (l = targetLabel(e)));
    return l;
  };
  const countersOf = (e: Endpoint, pool: string): TargetCounters => {
    let byPool = perTarget.get(e);
    if (byPool === undefined) perTarget.set(e, (byPool = new Map()));
    let c = byPool.get(pool);
    if (c === undefined) {
      c = { key: `${pool}|${labelOf(e)}`, classes: new Array<number>(CLASSES.length).fill(0), time: emptyHistogram() };
      byPool.set(pool, c);
      all.push(c);
    }
    return c;
  };
  return {
    snapshot: s,
    observe(r) {
      requests += 1;
      const origin = r.origin === 'target' ? 0 : r.origin === 'gateway' ? 1 : 2;
      responses[classIndex(r.status) * ORIGINS.length + origin]! += 1;
      if (r.cause !== null && r.origin !== 'target') bump(s.gatewayErrors, `${r.cause}|${r.status === null || r.origin === null ? 'none' : r.status}`);
      if (r.recovered !== null) bump(s.recovered, r.recovered);
      const attempts = r.attempts;
      if (attempts.length > 1) retries += attempts.length - 1;
      for (let i = 0; i < attempts.length; i++) {
        const a = attempts[i]!;
        const cause = a.cause;
        if (cause === null) {
          if (a.status !== null) {
            const c = countersOf(a.target, r.pool ?? '-');
            c.classes[classIndex(a.status)]! += 1;
            if (a.headersMs !== null) observeSeconds(c.time, a.headersMs / 1000);
          }
          continue;
        }
        if (CONNECT_CAUSES.has(cause)) bump(s.targetConnectErrors, `${r.pool ?? '-'}|${labelOf(a.target)}|${cause}`);
        else if (TLS_CAUSES.has(cause)) bump(s.targetTlsErrors, `${r.pool ?? '-'}|${labelOf(a.target)}|${cause}`);
      }
    },
    collect() {
      s.requests = requests;
      s.upstream.retries = retries;
      for (let c = 0; c < CLASSES.length; c++) {
        for (let o = 0; o < ORIGINS.length; o++) {
          const n = responses[c * ORIGINS.length + o]!;
          if (n > 0) s.responses[`${CLASSES[c]}|${ORIGINS[o]}`] = n;
        }
      }
      for (const t of all) {
        t.classes.forEach((n, i) => {
          if (n > 0) s.targetResponses[`${t.key}|${CLASSES[i]}`] = n;
        });
        if (t.time.count > 0) s.responseTime[t.key] = t.time;
      }
      return s;
    },
  };
}
