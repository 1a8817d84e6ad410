// Bursts: runs of minutes where gateway-made 5xx stand far above the usual rate — the shape of a
// deploy, a crash loop or a deregistration cutting requests. Annotated with CloudTrail target
// events that fall within a few minutes of the burst.
import type { CauseId } from '../../causes/index.ts';
import type { Tally } from '../aggregate.ts';
import type { TargetEvent } from './cloudtrail.ts';

export interface Burst {
  readonly startMs: number;
  readonly endMs: number;
  readonly gateway5xx: number;
  readonly topCause: CauseId | null;
  readonly events: readonly TargetEvent[];
}

const NEAR_MS = 5 * 60_000;

export function findBursts(t: Tally, events: readonly TargetEvent[] = [], max = 20): Burst[] {
  const minutes = [...t.timeline.entries()].sort((a, b) => a[0] - b[0]);
  if (minutes.length === 0) return [];
  const counts = minutes.map(([, m]) => m.gateway5xx).sort((a, b) => a - b);
  // A burst stands out from the whole period: well above the typical minute and the busy ones alike.
  const median = counts[Math.floor(counts.length / 2)] ?? 0;
  // The 90th percentile only means something over enough minutes; over a few the burst is the p90.
  const p90 = counts.length >= 20 ? (counts[Math.floor(counts.length * 0.9)] ?? 0) : 0;
  const threshold = Math.max(10, median * 5, p90 * 3);
  const bursts: Burst[] = [];
  let run: [number, (typeof minutes)[number][1]][] = [];
  const close = () => {
    if (run.length === 0) return;
    const startMs = (run[0] as [number, unknown])[0] * 60_000;
    const endMs = ((run[run.length - 1] as [number, unknown])[0] + 1) * 60_000;
    const causes = new Map<CauseId, number>();
    let total = 0;
    for (const [, m] of run) {
      total += m.gateway5xx;
      for (const [c, n] of m.causes) causes.set(c, (causes.get(c) ?? 0) + n);
    }
    const top = [...causes.entries()].sort((a, b) => b[1] - a[1])[0];
    bursts.push({ startMs, endMs, gateway5xx: total, topCause: top ? top[0] : null, events: events.filter((e) => e.timeMs >= startMs - NEAR_MS && e.timeMs <= endMs + NEAR_MS) });
    run = [];
  };
  let prev = Number.NaN;
  for (const [minute, m] of minutes) {
    if (m.gateway5xx >= threshold) {
      if (run.length > 0 && minute !== prev + 1) close();
      run.push([minute, m]);
      prev = minute;
    } else close();
  }
  close();
  return bursts.sort((a, b) => b.gateway5xx - a.gateway5xx).slice(0, max).sort((a, b) => a.startMs - b.startMs);
}
