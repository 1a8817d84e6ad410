// What the data plane reads, decided from the control state: `target.healthy` (may take new
// requests) and `target.admit` (slow-start share). A target is routable when it is not draining,
// its checks say healthy and it is not ejected; when none is and the pool fails open (ALB), every
// non-draining target is. Slow start (ALB slow_start, NGINX Plus slow_start) begins when a target
// (re)joins and raises its share linearly to 1 over slow_start.
import type { Pool } from '../pool.ts';
import type { Target } from '../target.ts';
import type { TargetControl } from './target-control.ts';

/** Slow start never offers a target less than this share, so it gets some traffic from the start. */
const MIN_ADMIT = 0.05;

export function refreshRouting(
  pool: Pool,
  now: number,
  controlOf: (t: Target) => TargetControl | undefined,
  failingOpen: Set<string>,
  onFailOpen: (open: boolean, pool: string) => void,
): void {
  const name = pool.config.name;
  const health = pool.config.health;
  let fit = 0;
  for (const t of pool.targets) if (controlOf(t)?.fit(now) ?? true) fit += 1;
  const open = fit === 0 && health.failOpen && pool.targets.some((t) => !t.draining);
  if (open !== failingOpen.has(name)) {
    if (open) failingOpen.add(name);
    else failingOpen.delete(name);
    onFailOpen(open, name);
  }
  for (const t of pool.targets) {
    const ctl = controlOf(t);
    const wasRoutable = t.healthy;
    const routable = ctl === undefined || open ? !t.draining : ctl.fit(now);
    t.healthy = routable;
    if (ctl === undefined) continue;
    if (routable && !wasRoutable && !open && health.slowStartMs > 0) ctl.slowStartFrom = now;
    if (ctl.slowStartFrom < 0) {
      t.admit = 1;
      continue;
    }
    const share = (now - ctl.slowStartFrom) / Math.max(1, health.slowStartMs);
    if (share >= 1 || health.slowStartMs === 0) {
      ctl.slowStartFrom = -1;
      t.admit = 1;
    } else t.admit = Math.max(MIN_ADMIT, share);
  }
}
