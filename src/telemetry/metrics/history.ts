// Rates over the last minutes for the dashboard's chart: every second the current snapshot is
// diffed against the previous one, giving requests/s and gateway-made errors/s by cause. Works the
// same on one process's snapshot and on the workers' sum.
import type { MetricsSnapshot } from './snapshot.ts';

export interface RatePoint {
  /** Epoch ms at the end of the second. */
  readonly t: number;
  readonly requests: number;
  /** Gateway-made errors in this second, by cause (only causes that occurred). */
  readonly errors: Readonly<Record<string, number>>;
}

export interface RateHistory {
  sample(snapshot: MetricsSnapshot, now: number): void;
  points(): readonly RatePoint[];
}

function errorsByCause(s: MetricsSnapshot): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of Object.entries(s.gatewayErrors)) {
    const cause = k.slice(0, k.indexOf('|'));
    out.set(cause, (out.get(cause) ?? 0) + v);
  }
  return out;
}

export function createRateHistory(capacity = 300): RateHistory {
  const points: RatePoint[] = [];
  let lastRequests = -1;
  let lastErrors = new Map<string, number>();
  return {
    sample(snapshot, now) {
      const errors = errorsByCause(snapshot);
      if (lastRequests >= 0) {
        const diff: Record<string, number> = {};
        for (const [cause, n] of errors) {
          const d = n - (lastErrors.get(cause) ?? 0);
          if (d > 0) diff[cause] = d;
        }
        points.push({ t: now, requests: Math.max(0, snapshot.requests - lastRequests), errors: diff });
        if (points.length > capacity) points.shift();
      }
      lastRequests = snapshot.requests;
      lastErrors = errors;
    },
    points: () => points,
  };
}
