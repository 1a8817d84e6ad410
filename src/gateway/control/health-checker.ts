// Schedules active health checks per target: every interval ± jitter (Envoy interval_jitter), one
// check at a time per target, and the healthy/unhealthy thresholds (HAProxy rise/fall, ALB
// HealthyThresholdCount/UnhealthyThresholdCount) turn results into state changes.
import type { LookupFunction } from 'node:net';
import type { ActiveHealthCheck } from '../../config/model.ts';
import type { Pool } from '../pool.ts';
import { probeTarget, type CheckResult } from './health-probe.ts';
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

export interface CheckDeps {
  /** The target's pool now (a reload may have replaced it); null when it is gone. */
  poolOf(ctl: TargetControl): Pool | null;
  lookup(): LookupFunction | undefined;
  onResult(ctl: TargetControl, pool: Pool, check: ActiveHealthCheck, result: CheckResult): void;
}

/** Check after `delayMs`, then again every interval ± jitter, one check at a time, while the pool has checks and the target is live. */
export function scheduleCheck(ctl: TargetControl, delayMs: number, deps: CheckDeps): void {
  ctl.checkTimer = setTimeout(() => {
    const pool = deps.poolOf(ctl);
    const check = pool?.config.health.active ?? null;
    if (pool === null || check === null || ctl.removed || ctl.target.draining) {
      ctl.checkTimer = null;
      return;
    }
    const target = ctl.target;
    void probeTarget(target.address, { check, tls: target.address.tls ? pool.tlsOptionsFor(target) : null, lookup: deps.lookup() }).then((result) => {
      if (ctl.removed) return;
      deps.onResult(ctl, pool, check, result);
      // The interval of the config in force now: a reload may have changed it.
      const current = deps.poolOf(ctl)?.config.health.active ?? null;
      if (current !== null && !ctl.removed && !target.draining) scheduleCheck(ctl, jittered(current), deps);
      else ctl.checkTimer = null;
    });
  }, delayMs);
  ctl.checkTimer.unref();
}
