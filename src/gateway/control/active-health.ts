// Active health checks of one process, and the one-checker-per-gateway rule of `--workers N`: only
// the checker (the single process, or the worker the primary named) schedules checks; it shares
// every result with the primary, which relays it to the other workers, and they apply it as if they
// had run the check (same state, events). Like HAProxy (one checker per server whatever nbthread),
// Envoy (checks on the main thread, results pushed to workers) and NGINX Plus (a shared zone):
// one set of checks per gateway, every worker agreeing. Passive health stays per worker (passive.ts).
import type { LookupFunction } from 'node:net';
import type { ActiveHealthCheck } from '../../config/model.ts';
import type { Pool } from '../pool.ts';
import type { ControlEvent, ControlEventKind } from './events.ts';
import { applyCheck, scheduleCheck, type Transition } from './health-checker.ts';
import type { CheckResult } from './health-probe.ts';
import type { CheckState, TargetControl } from './target-control.ts';

/** One check result as the checker shares it: the target by pool name + URL (as the admin API names it). */
export interface SharedCheck {
  readonly pool: string;
  readonly url: string;
  readonly result: CheckResult;
  /** The checker's state of the target after this result. */
  readonly state: { readonly check: CheckState; readonly passes: number; readonly fails: number };
}

export interface ActiveHealthOptions {
  /** Schedules checks now (a single process always; a worker when the primary says so). */
  readonly checker: boolean;
  /** Where the checker sends each result for the other workers; null in a single process. */
  readonly share: ((check: SharedCheck) => void) | null;
}

export interface ActiveHealthDeps {
  poolOf(ctl: TargetControl): Pool | null;
  lookup(): LookupFunction | undefined;
  /** The live target `url` of pool `pool`, if this process has it. */
  find(pool: string, url: string): TargetControl | undefined;
  /** `gatewise_health_checks_total`: bumped for checks this process ran, never for relayed ones. */
  count(key: string): void;
  event(kind: ControlEventKind, pool: string | null, target: string | null, cause: ControlEvent['cause'], detail: string): void;
  refresh(pool: Pool): void;
}

export interface ActiveHealth {
  readonly checker: boolean;
  /** Become the checker (the caller reconciles to start the checks), or stop being it (checks end at their next turn). */
  setChecker(on: boolean): void;
  /** Start checking `ctl` after `delayMs` (no-op unless this process is the checker). */
  start(ctl: TargetControl, delayMs: number): void;
  /** A result the checker shared; false when this process does not know the target (a register/deregister race) or its pool has no checks. */
  applyShared(shared: SharedCheck): boolean;
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

export function createActiveHealth(options: ActiveHealthOptions, deps: ActiveHealthDeps): ActiveHealth {
  let checker = options.checker;

  const announce = (ctl: TargetControl, pool: Pool, check: ActiveHealthCheck, result: CheckResult, change: Transition) => {
    const url = ctl.target.config.url;
    if (change === 'unhealthy') deps.event('unhealthy', ctl.pool, url, result.cause, `${plural(check.unhealthyThreshold, 'failed check')} of ${check.path}: ${result.detail}`);
    if (change === 'healthy') deps.event('healthy', ctl.pool, url, null, `${plural(check.healthyThreshold, 'passing check')} of ${check.path} (${result.detail}, ${result.ms} ms)`);
    if (change !== null) deps.refresh(pool);
  };

  const checkDeps = {
    // No pool once this process is no longer the checker: its scheduled checks stop there.
    poolOf: (ctl: TargetControl) => (checker ? deps.poolOf(ctl) : null),
    lookup: deps.lookup,
    onResult(ctl: TargetControl, pool: Pool, check: ActiveHealthCheck, result: CheckResult) {
      deps.count(`${ctl.pool}|${ctl.target.address.label}|${result.ok ? 'pass' : 'fail'}`);
      const change = applyCheck(ctl, result, check);
      options.share?.({ pool: ctl.pool, url: ctl.target.config.url, result, state: { check: ctl.check, passes: ctl.passes, fails: ctl.fails } });
      announce(ctl, pool, check, result, change);
    },
  };

  return {
    get checker() {
      return checker;
    },
    setChecker(on) {
      checker = on;
    },
    start(ctl, delayMs) {
      if (checker) scheduleCheck(ctl, delayMs, checkDeps);
    },
    applyShared(shared) {
      const ctl = deps.find(shared.pool, shared.url);
      if (ctl === undefined || ctl.target.draining) return false;
      const pool = deps.poolOf(ctl);
      const check = pool?.config.health.active ?? null;
      if (pool === null || check === null) return false;
      const before = ctl.check;
      applyCheck(ctl, shared.result, check);
      // Then take the checker's counters: a worker that missed a result (it added the target a
      // moment after the checker did) agrees again from the next one instead of a threshold late.
      ctl.passes = shared.state.passes;
      ctl.fails = shared.state.fails;
      ctl.check = shared.state.check;
      const after = ctl.check;
      announce(ctl, pool, check, shared.result, before !== after && after !== 'initial' ? after : null);
      return true;
    },
  };
}
