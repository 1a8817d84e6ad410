// /metrics: a MetricsSnapshot (one process, or the sum of the workers) and the targets' current
// state, rendered as Prometheus families. Naming follows Prometheus' conventions: `gatewise_`
// prefix, `_total` for counters, base units (seconds), labels from closed sets. docs/metrics.md maps
// each CloudWatch ALB metric to these.
import { CAUSE_IDS } from '../../causes/index.ts';
import { Exposition } from './exposition.ts';
import { RESPONSE_TIME_BUCKETS, type MetricsSnapshot } from './snapshot.ts';

/** The states a target can be in, as the `state` label of gatewise_targets. */
export const TARGET_STATES = ['healthy', 'unhealthy', 'initial', 'ejected', 'draining'] as const;
export type TargetState = (typeof TARGET_STATES)[number];

export interface TargetGauge {
  readonly pool: string;
  /** `host:port` (the same label as the per-target counters). */
  readonly target: string;
  readonly state: TargetState;
  /** Receives new requests (healthy, or unhealthy under fail-open). */
  readonly routable: boolean;
  readonly inFlight: number;
}

const split = (key: string) => key.split('|');

export function renderMetrics(s: MetricsSnapshot, targets: readonly TargetGauge[], extra: { readonly processStartSeconds: number; readonly workers: number }): string {
  const e = new Exposition();
  e.family('gatewise_requests_total', 'counter', 'Client requests finished (ALB RequestCount).').sample('gatewise_requests_total', {}, s.requests);

  e.family('gatewise_responses_total', 'counter', 'Responses by status class and by who made them: origin="gateway" (the gateway itself), "target" (passed through), "none" (no status sent: aborted or client gone).');
  for (const [k, v] of Object.entries(s.responses)) {
    const [codeClass = 'none', origin = 'none'] = split(k);
    e.sample('gatewise_responses_total', { code_class: codeClass, origin }, v);
  }

  e.family('gatewise_gateway_errors_total', 'counter', 'Gateway-made errors by cause (the catalogue id) and the status sent (code="none": the connection was aborted).');
  // Every cause appears, at 0 when unseen, so rate() and alerts work before the first error.
  const seen = new Set<string>();
  for (const [k, v] of Object.entries(s.gatewayErrors)) {
    const [cause = '', code = 'none'] = split(k);
    seen.add(cause);
    e.sample('gatewise_gateway_errors_total', { cause, code }, v);
  }
  for (const cause of CAUSE_IDS) if (!seen.has(cause) && cause !== 'upstream_5xx') e.sample('gatewise_gateway_errors_total', { cause, code: 'none' }, 0);

  e.family('gatewise_recovered_failures_total', 'counter', 'Failures the gateway recovered from by retrying, by cause (e.g. upstream_keepalive_race).');
  e.sample('gatewise_recovered_failures_total', { cause: 'upstream_keepalive_race' }, s.recovered['upstream_keepalive_race'] ?? 0);
  for (const [cause, v] of Object.entries(s.recovered)) if (cause !== 'upstream_keepalive_race') e.sample('gatewise_recovered_failures_total', { cause }, v);

  e.family('gatewise_target_responses_total', 'counter', "Responses targets made, by the target's status class (ALB HTTPCode_Target_*_Count).");
  for (const [k, v] of Object.entries(s.targetResponses)) {
    const [pool = '', target = '', codeClass = ''] = split(k);
    e.sample('gatewise_target_responses_total', { pool, target, code_class: codeClass }, v);
  }

  e.family('gatewise_target_connection_errors_total', 'counter', 'Failed connections to a target by cause: refused, unreachable, timed out, name not resolved (ALB TargetConnectionErrorCount).');
  for (const [k, v] of Object.entries(s.targetConnectErrors)) {
    const [pool = '', target = '', cause = ''] = split(k);
    e.sample('gatewise_target_connection_errors_total', { pool, target, cause }, v);
  }
  e.family('gatewise_target_tls_errors_total', 'counter', 'Failed TLS handshakes with a target by cause (ALB TargetTLSNegotiationErrorCount).');
  for (const [k, v] of Object.entries(s.targetTlsErrors)) {
    const [pool = '', target = '', cause = ''] = split(k);
    e.sample('gatewise_target_tls_errors_total', { pool, target, cause }, v);
  }

  e.family('gatewise_target_response_time_seconds', 'histogram', 'From the request sent to the complete response head, per target (ALB TargetResponseTime).');
  for (const [k, h] of Object.entries(s.responseTime)) {
    const [pool = '', target = ''] = split(k);
    e.histogram('gatewise_target_response_time_seconds', { pool, target }, RESPONSE_TIME_BUCKETS, h.counts, h.sum, h.count);
  }

  e.family('gatewise_health_checks_total', 'counter', 'Active health checks by result (pass, fail).');
  for (const [k, v] of Object.entries(s.healthChecks)) {
    const [pool = '', target = '', result = ''] = split(k);
    e.sample('gatewise_health_checks_total', { pool, target, result }, v);
  }

  e.family('gatewise_targets', 'gauge', 'Targets by pool and state (ALB HealthyHostCount / UnHealthyHostCount).');
  const pools = [...new Set(targets.map((t) => t.pool))];
  for (const pool of pools) {
    for (const state of TARGET_STATES) e.sample('gatewise_targets', { pool, state }, targets.filter((t) => t.pool === pool && t.state === state).length);
  }
  e.family('gatewise_pool_routable_targets', 'gauge', 'Targets that receive new requests (0 means no_healthy_upstream unless fail_open).');
  for (const pool of pools) e.sample('gatewise_pool_routable_targets', { pool }, targets.filter((t) => t.pool === pool && t.routable).length);
  e.family('gatewise_target_healthy', 'gauge', '1 when the target is healthy (not unhealthy, ejected or draining).');
  for (const t of targets) e.sample('gatewise_target_healthy', { pool: t.pool, target: t.target }, t.state === 'healthy' ? 1 : 0);
  e.family('gatewise_target_in_flight_requests', 'gauge', 'Requests in flight to the target.');
  for (const t of targets) e.sample('gatewise_target_in_flight_requests', { pool: t.pool, target: t.target }, t.inFlight);

  e.family('gatewise_client_connections_active', 'gauge', 'Open client connections (ALB ActiveConnectionCount counts per minute; use this gauge).').sample('gatewise_client_connections_active', {}, s.connections.active);
  e.family('gatewise_client_connections_total', 'counter', 'Client connections accepted (ALB NewConnectionCount).').sample('gatewise_client_connections_total', {}, s.connections.accepted);
  e.family('gatewise_client_connections_rejected_total', 'counter', 'Client connections refused at the connection limit or while shutting down (ALB RejectedConnectionCount).').sample('gatewise_client_connections_rejected_total', {}, s.connections.rejected);
  e.family('gatewise_upstream_connections_total', 'counter', 'Connections to targets: opened fresh, or reused from the keep-alive pool.');
  e.sample('gatewise_upstream_connections_total', { reused: 'false' }, s.upstream.connects).sample('gatewise_upstream_connections_total', { reused: 'true' }, s.upstream.reuses);
  e.family('gatewise_upstream_retries_total', 'counter', 'Attempts beyond the first.').sample('gatewise_upstream_retries_total', {}, s.upstream.retries);
  e.family('gatewise_internal_errors_total', 'counter', 'Bugs caught (each answered 500 proxy_internal_error): should stay 0.').sample('gatewise_internal_errors_total', {}, s.internalErrors);
  e.family('gatewise_config_reloads_total', 'counter', 'Config reloads (SIGHUP, gatewise reload) by result.');
  e.sample('gatewise_config_reloads_total', { result: 'ok' }, s.reloads.ok).sample('gatewise_config_reloads_total', { result: 'rejected' }, s.reloads.rejected);
  e.family('gatewise_flight_recorder_entries_total', 'counter', 'Malformed response heads recorded by the flight recorder.').sample('gatewise_flight_recorder_entries_total', {}, s.flightRecords);
  e.family('gatewise_workers', 'gauge', 'Gateway processes whose metrics this page sums.').sample('gatewise_workers', {}, extra.workers);
  e.family('gatewise_process_start_time_seconds', 'gauge', 'Start time of the gateway (the primary under --workers), Unix seconds.').sample('gatewise_process_start_time_seconds', {}, extra.processStartSeconds);
  return e.text();
}
