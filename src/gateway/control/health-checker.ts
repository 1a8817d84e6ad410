// Schedules active health checks per target: every interval ± jitter (Envoy interval_jitter), one
// check at a time per target, and the healthy/unhealthy thresholds (HAProxy rise/fall, ALB
// HealthyThresholdCount/UnhealthyThresholdCount) turn results into state changes.
import type { ActiveHealthCheck } from '../../config/model.ts';
import type { CheckResult } from './health-probe.ts';
import type { TargetControl } from './target-control.ts';

export function jittered(check: ActiveHealthCheck, random: number = Math.random()): number {
  const spread = (check.intervalMs * check.jitterPercent) / 100;
  return Math.max(10, Math.round(check.intervalMs - spread + 2 * spread * random));
}

export type Transition = 'healthy' | 'unhealthy' | null;

/** Apply one check result; returns the state change it caused, if any. */
export function applyCheck(ctl: TargetControl, result: CheckResult, check: ActiveHealthCheck): Transition {
  ctl.lastCheckAt = Date.now();
  ctl.lastCheckMs = result.ms;
  if (result.ok) {
    ctl.fails = 0;
    ctl.passes += 1;
    if (ctl.check !== 'healthy' && ctl.passes >= check.healthyThreshold) {
      ctl.check = 'healthy';
      return 'healthy';
    }
    return null;
  }
  ctl.passes = 0;
  ctl.fails += 1;
  ctl.lastCause = result.cause;
  ctl.lastDetail = result.detail;
  if (ctl.check === 'healthy' && ctl.fails >= check.unhealthyThreshold) {
    ctl.check = 'unhealthy';
    return 'unhealthy';
  }
  // A new target that fails its first checks is unhealthy, not forever "initial" (ALB).
  if (ctl.check === 'initial' && ctl.fails >= check.unhealthyThreshold) {
    ctl.check = 'unhealthy';
    return 'unhealthy';
  }
  return null;
}
