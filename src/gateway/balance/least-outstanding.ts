// Least outstanding requests (Envoy LEAST_REQUEST with all choices, ALB's
// least_outstanding_requests): the available target with the fewest requests in flight; ties go
// round robin so equal targets share the load.
import { available, type Balancer, type PickContext } from './available.ts';
import type { Target } from '../target.ts';

export function createLeastOutstanding(): Balancer {
  let offset = 0;
  return {
    pick(targets: readonly Target[], ctx: PickContext): Target | null {
      const n = targets.length;
      let best: Target | null = null;
      let bestIndex = 0;
      for (let i = 0; i < n; i++) {
        const index = (offset + i) % n;
        const target = targets[index]!;
        if (!available(target, ctx)) continue;
        if (best === null || target.outstanding < best.outstanding) {
          best = target;
          bestIndex = index;
        }
      }
      if (best !== null) offset = bestIndex + 1;
      return best;
    },
  };
}
