// Passive health (Envoy outlier detection, NGINX max_fails/fail_timeout): consecutive gateway-side
// failures of real requests eject a target for base_ejection × (number of ejections), capped at
// max_ejection, and never past max_ejection_percent of the pool — a pool that ejected everyone
// would turn a partial outage into a total one.
import type { CauseId } from '../../causes/index.ts';
import type { PassiveHealth } from '../../config/model.ts';
import type { TargetControl } from './target-control.ts';

/** Failures that say the target (or the path to it) is broken, not the client, the pool or the target's own 5xx. */
export const GATEWAY_FAILURES: ReadonlySet<CauseId> = new Set<CauseId>([
  'upstream_connect_refused',
  'upstream_unreachable',
  'upstream_connect_timeout',
  'upstream_tls_failed',
  'upstream_tls_timeout',
  'upstream_tls_certificate_invalid',
  'upstream_protocol_mismatch',
  'upstream_closed_before_response',
  'upstream_reset_before_response',
  'upstream_send_timeout',
  'upstream_headers_timeout',
  'upstream_bad_response',
  'upstream_bad_framing',
  'upstream_headers_too_large',
  'upstream_closed_mid_body',
  'upstream_bad_chunked_body',
  'upstream_body_timeout',
]);

/** Ejections allowed at once in a pool of `size` targets. */
export function maxEjected(size: number, percent: number): number {
  return Math.floor((size * percent) / 100);
}

export function ejectionMs(policy: PassiveHealth, ejections: number): number {
  return Math.min(policy.baseEjectionMs * Math.max(1, ejections), policy.maxEjectionMs);
}

/**
 * One attempt's outcome. Returns true when the target should be ejected now (the caller checks the
 * pool's share and records the ejection).
 */
export function noteAttempt(ctl: TargetControl, cause: CauseId | null, policy: PassiveHealth): boolean {
  if (cause === null) {
    ctl.failures = 0;
    return false;
  }
  if (!GATEWAY_FAILURES.has(cause)) return false;
  ctl.failures += 1;
  ctl.lastCause = cause;
  return policy.consecutiveFailures > 0 && ctl.failures >= policy.consecutiveFailures;
}
