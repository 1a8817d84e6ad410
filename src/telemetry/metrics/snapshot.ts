// The metrics of one gateway process as plain JSON: counters keyed by their label values joined
// with "|", so that `--workers N` can ship each worker's snapshot to the primary over IPC and the
// primary can add them up (`mergeSnapshots`) into the one view /metrics shows. Label values come
// from closed sets (cause ids, status classes, origins) or from the configured targets: bounded.

/** Upper bounds in seconds of the target response time histogram (Prometheus' defaults, plus 30 and 60 s for slow backends). */
export const RESPONSE_TIME_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export interface HistogramData {
  /** Non-cumulative counts per bucket of RESPONSE_TIME_BUCKETS, plus +Inf last. */
  readonly counts: number[];
  sum: number;
  count: number;
}

export interface MetricsSnapshot {
  requests: number;
  /** `class|origin`, e.g. `5xx|gateway`; class `none` when no status was sent. */
  readonly responses: Record<string, number>;
  /** Gateway-made errors: `cause|code`, code `none` when the connection was aborted. */
  readonly gatewayErrors: Record<string, number>;
  /** Failures recovered by a retry, by cause (e.g. keep-alive races). */
  readonly recovered: Record<string, number>;
  /** `pool|target|cause`. */
  readonly targetConnectErrors: Record<string, number>;
  readonly targetTlsErrors: Record<string, number>;
  /** `pool|target|code_class`: responses a target made (the target's own status). */
  readonly targetResponses: Record<string, number>;
  /** `pool|target`. */
  readonly responseTime: Record<string, HistogramData>;
  /** `pool|target|result` (pass, fail). */
  readonly healthChecks: Record<string, number>;
  connections: { active: number; accepted: number; rejected: number };
  upstream: { connects: number; reuses: number; retries: number };
  internalErrors: number;
  reloads: { ok: number; rejected: number };
  flightRecords: number;
}

export function emptySnapshot(): MetricsSnapshot {
  return {
    requests: 0,
    responses: {},
    gatewayErrors: {},
    recovered: {},
    targetConnectErrors: {},
    targetTlsErrors: {},
    targetResponses: {},
    responseTime: {},
    healthChecks: {},
    connections: { active: 0, accepted: 0, rejected: 0 },
    upstream: { connects: 0, reuses: 0, retries: 0 },
    internalErrors: 0,
    reloads: { ok: 0, rejected: 0 },
    flightRecords: 0,
  };
}

export function bump(map: Record<string, number>, key: string, by = 1): void {
  map[key] = (map[key] ?? 0) + by;
}

export function emptyHistogram(): HistogramData {
  return { counts: new Array<number>(RESPONSE_TIME_BUCKETS.length + 1).fill(0), sum: 0, count: 0 };
}

export function observeSeconds(h: HistogramData, seconds: number): void {
  let i = 0;
  while (i < RESPONSE_TIME_BUCKETS.length && seconds > RESPONSE_TIME_BUCKETS[i]!) i++;
  h.counts[i] = (h.counts[i] ?? 0) + 1;
  h.sum += seconds;
  h.count += 1;
}

function addMap(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) if (typeof v === 'number') bump(into, k, v);
}

/** The sum of several processes' snapshots (workers): counters add, gauges (active connections) add. */
export function mergeSnapshots(snapshots: readonly MetricsSnapshot[]): MetricsSnapshot {
  const out = emptySnapshot();
  for (const s of snapshots) {
    out.requests += s.requests;
    addMap(out.responses, s.responses);
    addMap(out.gatewayErrors, s.gatewayErrors);
    addMap(out.recovered, s.recovered);
    addMap(out.targetConnectErrors, s.targetConnectErrors);
    addMap(out.targetTlsErrors, s.targetTlsErrors);
    addMap(out.targetResponses, s.targetResponses);
    addMap(out.healthChecks, s.healthChecks);
    for (const [k, h] of Object.entries(s.responseTime)) {
      const into = (out.responseTime[k] ??= emptyHistogram());
      h.counts.forEach((c, i) => (into.counts[i] = (into.counts[i] ?? 0) + c));
      into.sum += h.sum;
      into.count += h.count;
    }
    out.connections.active += s.connections.active;
    out.connections.accepted += s.connections.accepted;
    out.connections.rejected += s.connections.rejected;
    out.upstream.connects += s.upstream.connects;
    out.upstream.reuses += s.upstream.reuses;
    out.upstream.retries += s.upstream.retries;
    out.internalErrors += s.internalErrors;
    out.reloads.ok += s.reloads.ok;
    out.reloads.rejected += s.reloads.rejected;
    out.flightRecords += s.flightRecords;
  }
  return out;
}
