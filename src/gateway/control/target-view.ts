// Pools and targets as the admin API and the dashboard show them.
import type { Pool } from '../pool.ts';
import type { Target } from '../target.ts';
import type { TargetControl } from './target-control.ts';
import type { PoolView, TargetView } from './views.ts';

export function targetView(t: Target, ctl: TargetControl | undefined, now: number): TargetView {
  return {
    url: t.config.url,
    target: t.address.label,
    state: ctl?.state(now) ?? (t.draining ? 'draining' : 'healthy'),
    routable: t.healthy && !t.draining,
    inFlight: t.outstanding,
    admit: Math.round(t.admit * 100) / 100,
    dynamic: ctl?.dynamic ?? false,
    consecutiveFailures: ctl?.failures ?? 0,
    ejectedUntil: ctl !== undefined && ctl.ejected(now) ? ctl.ejectedUntil : null,
    drainDeadline: ctl !== undefined && t.draining ? ctl.drainDeadline : null,
    lastCause: ctl?.lastCause ?? null,
    lastDetail: ctl?.lastDetail ?? '',
    lastCheckAt: ctl !== undefined && ctl.lastCheckAt > 0 ? ctl.lastCheckAt : null,
    lastCheckMs: ctl !== undefined && ctl.lastCheckMs >= 0 ? ctl.lastCheckMs : null,
    addresses: ctl?.addresses ?? [],
  };
}

/** `targets`: the pool's own, plus those draining out of it. */
export function poolView(pool: Pool, targets: readonly Target[], controlOf: (t: Target) => TargetControl | undefined, failingOpen: boolean, now: number): PoolView {
  const a = pool.config.health.active;
  return {
    name: pool.config.name,
    failingOpen,
    activeChecks: a === null ? null : `GET ${a.path} every ${a.intervalMs} ms, ${a.healthyThreshold} up / ${a.unhealthyThreshold} down, ${a.expectStatus.min}-${a.expectStatus.max}`,
    deregistrationDelayMs: pool.config.deregistrationDelayMs,
    targets: targets.map((t) => targetView(t, controlOf(t), now)),
  };
}
